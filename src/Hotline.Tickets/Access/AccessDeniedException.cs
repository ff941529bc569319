namespace Hotline.Tickets.Access;

/// <summary>The current user's roles, unit or tenant do not allow what was asked (无权操作); HTTP 403, nothing changed.</summary>
public class AccessDeniedException(string message) : Exception(message);
