namespace Hotline.Application.Attachments;

/// <summary>
/// The virus-scanning hook: every upload passes through it before anything is stored. A deployment registers its own
/// (a ClamAV client, say); the default finds nothing. Tests register one that rejects.
/// </summary>
public interface IAttachmentScanner
{
    /// <summary>The name of the threat found in <paramref name="content"/> (read from the start), or null when clean.</summary>
    Task<string?> FindThreatAsync(Stream content, string fileName, CancellationToken cancellationToken);
}

/// <summary>No scanner configured: every file passes.</summary>
public sealed class NoAttachmentScanner : IAttachmentScanner
{
    public Task<string?> FindThreatAsync(Stream content, string fileName, CancellationToken cancellationToken) => Task.FromResult<string?>(null);
}
