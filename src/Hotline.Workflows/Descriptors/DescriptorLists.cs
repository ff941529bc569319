using System.Text.Json.Serialization;

namespace Hotline.Workflows.Descriptors;

/// <summary>An expression language offered in the designer (<c>/descriptors/expression-descriptors</c>).</summary>
public sealed record ExpressionDescriptor(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("displayName")] string DisplayName,
    [property: JsonPropertyName("isSerializable")] bool IsSerializable,
    [property: JsonPropertyName("isBrowsable")] bool IsBrowsable,
    [property: JsonPropertyName("properties")] IReadOnlyDictionary<string, string> Properties);

/// <summary>A variable type alias (<c>/descriptors/variables</c>).</summary>
public sealed record VariableTypeDescriptor(
    [property: JsonPropertyName("typeName")] string TypeName,
    [property: JsonPropertyName("displayName")] string DisplayName,
    [property: JsonPropertyName("category")] string Category,
    [property: JsonPropertyName("description")] string? Description = null);

/// <summary>Where a variable's value is kept (<c>/descriptors/storage-drivers</c>).</summary>
public sealed record StorageDriverDescriptor(
    [property: JsonPropertyName("typeName")] string TypeName,
    [property: JsonPropertyName("displayName")] string DisplayName,
    [property: JsonPropertyName("priority")] double Priority,
    [property: JsonPropertyName("deprecated")] bool Deprecated = false);

/// <summary>A named strategy in a settings dropdown (activation, incident, log persistence).</summary>
public sealed record StrategyDescriptor(
    [property: JsonPropertyName("typeName")] string TypeName,
    [property: JsonPropertyName("displayName")] string DisplayName,
    [property: JsonPropertyName("description")] string Description);

/// <summary>
/// The fixed descriptor lists Studio reads besides activities. Variables are held in the instance
/// state (the "Workflow Instance" driver) or only for one run ("Memory").
/// </summary>
public static class DescriptorLists
{
    public const string WorkflowInstanceStorageDriver = "Elsa.Workflows.WorkflowInstanceStorageDriver, Elsa.Workflows.Core";
    public const string MemoryStorageDriver = "Elsa.Workflows.MemoryStorageDriver, Elsa.Workflows.Core";

    public static IReadOnlyList<ExpressionDescriptor> Expressions { get; } =
    [
        new("Literal", "Literal", true, true, new Dictionary<string, string>()),
        new("Object", "Object", true, true, new Dictionary<string, string> { ["MonacoLanguage"] = "json" }),
        new("JavaScript", "JavaScript", true, true, new Dictionary<string, string> { ["MonacoLanguage"] = "javascript" }),
        new("Variable", "Variable", true, false, new Dictionary<string, string>()),
    ];

    public static IReadOnlyList<VariableTypeDescriptor> VariableTypes => TypeAliases.VariableTypes;

    public static IReadOnlyList<StorageDriverDescriptor> StorageDrivers { get; } =
    [
        new(WorkflowInstanceStorageDriver, "Workflow Instance", 5),
        new(MemoryStorageDriver, "Memory", 0),
    ];

    /// <summary>Only the default strategy exists: every activation is allowed.</summary>
    public static IReadOnlyList<StrategyDescriptor> ActivationStrategies { get; } =
    [
        new("Elsa.Workflows.Runtime.ActivationStrategies.AllowAlwaysStrategy, Elsa.Workflows.Runtime", "Always", "Always allow the creation of a new workflow instance."),
    ];

    /// <summary>A faulting activity faults the instance and records an incident.</summary>
    public static IReadOnlyList<StrategyDescriptor> IncidentStrategies { get; } =
    [
        new("Elsa.Workflows.IncidentStrategies.FaultStrategy, Elsa.Workflows.Core", "Fault", "The workflow is transitioned to the Faulted state."),
    ];

    /// <summary>The strategies a <c>logPersistenceConfig</c> may name (see <c>LogPersistence/ActivityLogPolicy</c>), by display name.</summary>
    public static IReadOnlyList<StrategyDescriptor> LogPersistenceStrategies { get; } =
    [
        new("Elsa.Workflows.LogPersistence.Strategies.Configuration, Elsa.Workflows.Core", "Configuration", "Use the server's configured mode (Hotline:Workflows:LogPersistenceMode)."),
        new("Elsa.Workflows.LogPersistence.Strategies.Exclude, Elsa.Workflows.Core", "Exclude", "Do not persist the value."),
        new("Elsa.Workflows.LogPersistence.Strategies.Include, Elsa.Workflows.Core", "Include", "Persist the value."),
        new("Elsa.Workflows.LogPersistence.Strategies.Inherit, Elsa.Workflows.Core", "Inherit", "Inherit the persistence mode from the container."),
    ];
}
