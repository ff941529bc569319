namespace Hotline.Tickets.Problems;

/// <summary>
/// The longest text each stored field keeps. Actions check these first, so an over-long input is a clear refusal
/// (<see cref="ErrorCodes.InputTooLong"/>) on every provider instead of a database error on one.
/// </summary>
public static class TextLimits
{
    public const int Code = 64;
    public const int Number = 40;
    public const int Name = 100;
    public const int Phone = 40;
    public const int Address = 400;
    public const int IdempotencyKey = 160;

    /// <summary>Room for the suffix an action adds to the keys of the extra events it records (e.g. <c>/discipline</c>).</summary>
    public const int IdempotencyKeyColumn = 200;
    public const int Long = 4000;
}
