namespace Hotline.Workflows.Persistence;

/// <summary>Column sizes shared by the entity configurations.</summary>
internal static class StoreLimits
{
    public const int Id = 64;
    public const int Name = 256;
    public const int TypeName = 256;
    public const int NodeId = 512;
    public const int Hash = 64;
}
