using Hotline.Tickets.Access;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Hotline.Tickets.Assessment;

/// <summary>
/// What the assessor entered for one unit and month (HL-ASM-3, HL-ASM-4): a monthly score that replaces the computed
/// one (the regulation leaves the points to the county), and/or the rating 不合格, which sets the unit aside before the
/// others are ranked. Who entered it and when are kept; a later entry replaces the earlier one.
/// </summary>
public sealed class UnitMonthRating : ITenantOwned
{
    public const int MaxReasonLength = 500;

    private UnitMonthRating()
    {
    }

    public UnitMonthRating(string tenantId, Guid unitId, int year, int month)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenantId);
        if (year is < 2000 or > 2100 || month is < 1 or > 12)
            throw new ArgumentOutOfRangeException(nameof(month), "A month of the years 2000–2100.");
        TenantId = tenantId;
        UnitId = unitId;
        Year = year;
        Month = month;
    }

    public string TenantId { get; private set; } = "";
    public Guid UnitId { get; private set; }
    public int Year { get; private set; }
    public int Month { get; private set; }

    /// <summary>The score entered for the month; null keeps the computed score.</summary>
    public decimal? Score { get; private set; }

    /// <summary>不合格: set aside before ranking (HL-ASM-4).</summary>
    public bool Unqualified { get; private set; }

    public string Reason { get; private set; } = "";
    public string RecordedBy { get; private set; } = "";
    public DateTimeOffset RecordedAt { get; private set; }

    /// <summary>Records the entry; a score lies within ±1000 and every entry says why.</summary>
    public void Record(decimal? score, bool unqualified, string reason, string recordedBy, DateTimeOffset recordedAt)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(recordedBy);
        if (string.IsNullOrWhiteSpace(reason) || reason.Trim().Length > MaxReasonLength)
            throw new ArgumentException($"Give the reason for the entry (1–{MaxReasonLength} characters).", nameof(reason));
        if (score is { } s && (s < -1000 || s > 1000 || decimal.Round(s, 2) != s))
            throw new ArgumentException("A monthly score lies between -1000 and 1000 with at most two decimals.", nameof(score));
        if (score is null && !unqualified)
            throw new ArgumentException("Enter a score, or rate the unit unqualified (不合格).", nameof(score));
        (Score, Unqualified, Reason, RecordedBy, RecordedAt) = (score, unqualified, reason.Trim(), recordedBy, recordedAt);
    }
}

/// <summary>EF mapping of <see cref="UnitMonthRating"/>: one row per tenant, unit and month.</summary>
public sealed class UnitMonthRatingConfiguration : IEntityTypeConfiguration<UnitMonthRating>
{
    public void Configure(EntityTypeBuilder<UnitMonthRating> builder)
    {
        builder.ToTable("UnitMonthRatings");
        builder.HasKey(r => new { r.TenantId, r.UnitId, r.Year, r.Month });
        builder.Property(r => r.TenantId).HasMaxLength(64);
        builder.Property(r => r.Score).HasPrecision(9, 2);
        builder.Property(r => r.Reason).HasMaxLength(UnitMonthRating.MaxReasonLength);
        builder.Property(r => r.RecordedBy).HasMaxLength(128);
    }
}
