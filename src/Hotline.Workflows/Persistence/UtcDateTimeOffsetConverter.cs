using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Hotline.Workflows.Persistence;

/// <summary>Normalises instants to offset zero on the way in, as PostgreSQL's <c>timestamptz</c> requires.</summary>
public sealed class UtcDateTimeOffsetConverter() : ValueConverter<DateTimeOffset, DateTimeOffset>(
    value => value.ToUniversalTime(),
    value => value);
