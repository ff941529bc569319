namespace Hotline.Server.ElsaApi.Descriptors;

/// <summary>An expression language Studio may offer for an input (表达式类型).</summary>
public sealed record ExpressionDescriptor(string Type, string DisplayName, bool IsSerializable, bool IsBrowsable, IReadOnlyDictionary<string, string> Properties);

/// <summary>A type a process owner may give a variable or a workflow input (变量类型), by its Elsa alias.</summary>
public sealed record VariableTypeDescriptor(string TypeName, string DisplayName, string Category, string? Description);

/// <summary>Where a variable's value is kept between runs.</summary>
public sealed record StorageDriverDescriptor(string TypeName, string DisplayName, int Priority, bool Deprecated);

/// <summary>A strategy choice in the workflow settings (activation, incidents, log persistence).</summary>
public sealed record StrategyDescriptor(string TypeName, string DisplayName, string? Description);

/// <summary>A commit strategy choice, which Elsa names by <see cref="Name"/> rather than type.</summary>
public sealed record CommitStrategyDescriptor(string Name, string DisplayName, string? Description);

/// <summary>An installed server feature; Studio switches optional panels on by these names.</summary>
public sealed record FeatureDescriptor(string Name, string Namespace, string FullName, string DisplayName, string? Description);

/// <summary>
/// The fixed lookup lists the designer loads next to the activity descriptors. Only what the engine implements is
/// offered: the strategy lists are empty because the engine has one fixed behaviour for each (activation always
/// allowed, faults become incidents, every step journaled, commit at each wait), and no optional Elsa feature is
/// advertised, so Studio does not open SignalR or resilience panels.
/// </summary>
internal static class Lookups
{
    private static readonly Dictionary<string, string> NoProperties = [];

    // Studio crashes when no type outside Literal/Object/Variable/Input is offered; JavaScript is that type.
    public static readonly IReadOnlyList<ExpressionDescriptor> Expressions =
    [
        new("Literal", "Literal", true, true, NoProperties),
        new("Object", "Object", true, true, new Dictionary<string, string> { ["MonacoLanguage"] = "json" }),
        new("JavaScript", "JavaScript", true, true, new Dictionary<string, string> { ["MonacoLanguage"] = "javascript" }),
        new("Variable", "Variable", true, true, NoProperties),
    ];

    public static readonly IReadOnlyList<VariableTypeDescriptor> VariableTypes =
    [
        new("String", "String", "Primitives", "Text"),
        new("Boolean", "Boolean", "Primitives", "True or false"),
        new("Int32", "Int32", "Primitives", "Whole number"),
        new("Int64", "Int64", "Primitives", "Large whole number"),
        new("Double", "Double", "Primitives", "Floating-point number"),
        new("Decimal", "Decimal", "Primitives", "Exact decimal number"),
        new("DateTime", "DateTime", "Primitives", "Date and time"),
        new("DateTimeOffset", "DateTimeOffset", "Primitives", "Date and time with offset"),
        new("TimeSpan", "TimeSpan", "Primitives", "Duration"),
        new("Guid", "Guid", "Primitives", "Unique identifier"),
        new("Object", "Object", "Dynamic", "Any value"),
        new("JsonObject", "JsonObject", "Dynamic", "JSON object"),
        new("StringDictionary", "StringDictionary", "Dictionaries", "String keys and values"),
        new("ObjectDictionary", "ObjectDictionary", "Dictionaries", "String keys, any values"),
    ];

    public static readonly IReadOnlyList<StorageDriverDescriptor> StorageDrivers =
    [
        new("Elsa.Workflows.WorkflowInstanceStorageDriver, Elsa.Workflows.Core", "Workflow Instance", 5, false),
        new("Elsa.Workflows.MemoryStorageDriver, Elsa.Workflows.Core", "Memory", 0, false),
    ];
}
