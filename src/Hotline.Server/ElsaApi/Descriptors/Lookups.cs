namespace Hotline.Server.ElsaApi.Descriptors;

/// <summary>A commit strategy choice, which Elsa names by <see cref="Name"/> rather than type.</summary>
public sealed record CommitStrategyDescriptor(string Name, string DisplayName, string? Description);

/// <summary>An installed server feature; Studio switches optional panels on by these names.</summary>
public sealed record FeatureDescriptor(string Name, string Namespace, string FullName, string DisplayName, string? Description);
