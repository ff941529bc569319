namespace Hotline.Application.Tickets;

/// <summary>
/// A request the API cannot take as sent — a filter out of its range, a header that does not parse: a 400 problem
/// with a stable <see cref="Code"/> and the <see cref="Field"/> to correct. Thrown before anything is read or changed.
/// </summary>
public sealed class InvalidRequestException(string code, string field, string message) : Exception(message)
{
    public string Code { get; } = code;
    public string Field { get; } = field;
}
