using System.Globalization;
using System.Text.Json.Nodes;
using Hotline.Workflows.Journal;
using Hotline.Workflows.Serialization;

namespace Hotline.Workflows.Execution;

/// <summary>
/// What a run stores is bounded (<see cref="WorkflowLimits"/>): a journal message, an input or output value and a
/// payload longer than <see cref="WorkflowLimits.MaxStoredTextLength"/> is kept truncated with a visible marker, so
/// a 30 MB WriteLine costs 64 KB of journal, not 230 MB of database; a variable may not grow past
/// <see cref="WorkflowLimits.MaxVariableLength"/>, so the instance state stays loadable.
/// </summary>
internal sealed partial class WorkflowRun
{
    /// <summary>Ends every truncated text: what was cut and how long the original was.</summary>
    internal static string TruncationMarker(int kept, int length) =>
        string.Create(CultureInfo.InvariantCulture, $"…[truncated: {kept} of {length} characters kept]");

    private string? StoredText(string? text)
    {
        var max = _limits.MaxStoredTextLength;
        return text is null || text.Length <= max ? text : text[..max] + TruncationMarker(max, text.Length);
    }

    /// <summary>A value as stored in the journal and records: itself when short, else its text truncated (a JSON string, so the column stays JSON).</summary>
    private JsonNode? StoredValue(JsonNode? value)
    {
        if (value is null)
            return null;
        if (value is JsonValue scalar && scalar.TryGetValue<string>(out var text))
            return text.Length <= _limits.MaxStoredTextLength ? value.DeepClone() : JsonValue.Create(StoredText(text));
        var json = value.ToJsonString(WorkflowJson.Options);
        return json.Length <= _limits.MaxStoredTextLength ? value.DeepClone() : JsonValue.Create(StoredText(json));
    }

    private string? StoredJson(JsonNode? payload)
    {
        if (payload is null)
            return null;
        var json = payload.ToJsonString(WorkflowJson.Options);
        return json.Length <= _limits.MaxStoredTextLength
            ? json
            : new JsonObject { ["truncated"] = StoredText(json) }.ToJsonString(WorkflowJson.Options);
    }

    private ExceptionInfo? StoredException(ExceptionInfo? info) => info is null
        ? null
        : info with { Message = StoredText(info.Message)!, StackTrace = StoredText(info.StackTrace), InnerException = StoredException(info.InnerException) };

    /// <summary>Keeps the first and last halves of a burst's journal and finished records when it has more than the limit.</summary>
    private void ThinBurst()
    {
        var half = Math.Max(_limits.MaxJournalEntriesPerBurst / 2, 1);
        if (_journal.Count > 2 * half)
        {
            var dropped = _journal.Count - (2 * half);
            var last = _journal[half + dropped - 1];
            _journal.RemoveRange(half, dropped);
            _journal.Insert(half, new WorkflowExecutionLogRecord
            {
                Id = NewId(),
                WorkflowInstanceId = last.WorkflowInstanceId,
                ActivityInstanceId = last.ActivityInstanceId,
                ParentActivityInstanceId = last.ParentActivityInstanceId,
                ActivityId = last.ActivityId,
                ActivityType = last.ActivityType,
                ActivityTypeVersion = last.ActivityTypeVersion,
                ActivityName = last.ActivityName,
                NodeId = last.NodeId,
                Timestamp = last.Timestamp,
                Sequence = last.Sequence,
                EventName = "Truncated",
                Message = string.Create(CultureInfo.InvariantCulture, $"{dropped} journal lines of this run were not kept (limit MaxJournalEntriesPerBurst: {2 * half})."),
                Actor = last.Actor,
            });
        }

        // Finished records in the middle go too; running ones (containers, the workflow, waits) and faulted ones stay.
        var finished = _records.Values.Where(r => r.Status is ActivityStatus.Completed or ActivityStatus.Canceled).ToList();
        if (finished.Count > 2 * half)
        {
            foreach (var record in finished.Skip(half).Take(finished.Count - (2 * half)))
                _records.Remove(record.Id);
        }
    }

    private void CheckVariableSize(string name, JsonNode? value)
    {
        var length = value?.ToJsonString(WorkflowJson.Options).Length ?? 0;
        if (length > _limits.MaxVariableLength)
        {
            throw new WorkflowLimitException(
                "workflow.variable-limit",
                string.Create(CultureInfo.InvariantCulture, $"Variable '{name}' would hold {length} characters, more than the limit of {_limits.MaxVariableLength} (limit MaxVariableLength)."));
        }
    }
}
