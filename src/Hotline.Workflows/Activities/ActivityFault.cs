namespace Hotline.Workflows.Activities;

/// <summary>An activity's own fault (as opposed to an exception): code, category and message of the incident.</summary>
public sealed record ActivityFault(string Message, string? Code, string? Category);
