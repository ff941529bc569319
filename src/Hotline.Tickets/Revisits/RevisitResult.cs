namespace Hotline.Tickets.Tickets;

/// <summary>The outcome of a revisit call (回访): the caller's rating, or that the caller could not be reached.</summary>
public sealed record RevisitResult(SatisfactionRating? Rating, bool CallerUnreachable = false, string? Note = null);
