#!/usr/bin/env python3
"""Regenerate the embedded working-day calendar from a file of State Council notice days.

Run once per new year of State Council holiday notices (国务院办公厅关于部分节假日安排的通知):

    python3 tools/calendar/import_cn_calendar.py <notices.json>

The input has the shape of cn-calendar.json ({"years": {"2027": {"holidays": {...},
"adjustedWorkdays": {...}}}}).

It validates the input (real dates, each in its own year, adjusted working days
only on weekends, holidays never on an adjusted working day) and writes
src/Hotline.Tickets/Calendar/cn-calendar.json sorted by date, so the product
ships the data and never reads the input file at run time. Between deploys an
administrator adds a year or a local holiday as tenant calendar days instead.
"""
import datetime
import json
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
TARGET = ROOT / "src" / "Hotline.Tickets" / "Calendar" / "cn-calendar.json"


def fail(message: str) -> None:
    sys.exit(f"import_cn_calendar: {message}")


def checked(year: str, days: dict, kind: str) -> dict:
    result = {}
    for text, name in sorted(days.items()):
        try:
            date = datetime.date.fromisoformat(text)
        except ValueError:
            fail(f"{kind} {text!r} in {year} is not a date")
        if str(date.year) != year:
            fail(f"{kind} {text} is listed under {year}")
        if kind == "adjustedWorkdays" and date.weekday() < 5:
            fail(f"adjusted working day {text} is not a Saturday or Sunday")
        if not isinstance(name, str) or not name.strip():
            fail(f"{kind} {text} has no name")
        result[text] = name.strip()
    return result


def main() -> None:
    if len(sys.argv) != 2:
        fail("usage: import_cn_calendar.py <path to cn-calendar JSON>")
    source = json.loads(pathlib.Path(sys.argv[1]).read_text(encoding="utf-8"))
    if source.get("timezone") != "Asia/Shanghai":
        fail("the calendar must be in Asia/Shanghai")
    years = {}
    for year, data in sorted(source["years"].items()):
        holidays = checked(year, data.get("holidays", {}), "holidays")
        adjusted = checked(year, data.get("adjustedWorkdays", {}), "adjustedWorkdays")
        clash = holidays.keys() & adjusted.keys()
        if clash:
            fail(f"{sorted(clash)} are both holidays and adjusted working days")
        if not holidays:
            fail(f"{year} has no holidays; refusing a weekend-only year")
        years[year] = {"holidays": holidays, "adjustedWorkdays": adjusted}
    output = {"source": source.get("source", ""), "timezone": "Asia/Shanghai", "years": years}
    TARGET.write_text(json.dumps(output, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {TARGET.relative_to(ROOT)}: years {', '.join(years)}")


if __name__ == "__main__":
    main()
