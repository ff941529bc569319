using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Hotline.Workflows.Persistence;

/// <summary>
/// Stores an instant as UTC ticks (<c>bigint</c>) and reads it back at offset zero. The one date-time encoding of the
/// engine's and the domain's stores: SQLite can order and compare it in SQL, it is the same on both providers, and
/// exact to the tick.
/// </summary>
public sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
    v => v.UtcTicks,
    v => new DateTimeOffset(v, TimeSpan.Zero));
