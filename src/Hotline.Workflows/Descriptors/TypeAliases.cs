namespace Hotline.Workflows.Descriptors;

/// <summary>The type aliases Elsa uses in descriptors and variables, and their CLR types.</summary>
public static class TypeAliases
{
    public const string String = "String";
    public const string Boolean = "Boolean";
    public const string Int32 = "Int32";
    public const string Int64 = "Int64";
    public const string Double = "Double";
    public const string Decimal = "Decimal";
    public const string DateTime = "DateTime";
    public const string DateTimeOffset = "DateTimeOffset";
    public const string TimeSpan = "TimeSpan";
    public const string Guid = "Guid";
    public const string Object = "Object";
    public const string Json = "JSON";

    private static readonly Dictionary<string, Type> ClrTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [String] = typeof(string),
        [Boolean] = typeof(bool),
        [Int32] = typeof(int),
        [Int64] = typeof(long),
        [Double] = typeof(double),
        [Decimal] = typeof(decimal),
        [DateTime] = typeof(System.DateTime),
        [DateTimeOffset] = typeof(System.DateTimeOffset),
        [TimeSpan] = typeof(System.TimeSpan),
        [Guid] = typeof(System.Guid),
        [Object] = typeof(object),
        [Json] = typeof(object),
    };

    /// <summary>The alias for a CLR type (<c>int</c> → <c>Int32</c>); <c>Object</c> when there is none.</summary>
    public static string Of(Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        foreach (var (alias, clr) in ClrTypes)
        {
            if (clr == underlying && alias != Json)
                return alias;
        }

        return Object;
    }

    /// <summary>The CLR type for an alias; null for aliases the engine treats as plain JSON.</summary>
    public static Type? ClrType(string alias) => ClrTypes.GetValueOrDefault(alias);

    /// <summary>The variable types offered in Studio's pickers (<c>/descriptors/variables</c>), without duplicates.</summary>
    public static IReadOnlyList<VariableTypeDescriptor> VariableTypes { get; } =
    [
        new(String, "String", "Primitives"),
        new(Boolean, "Boolean", "Primitives"),
        new(Int32, "Int32", "Primitives"),
        new(Int64, "Int64", "Primitives"),
        new(Double, "Double", "Primitives"),
        new(Decimal, "Decimal", "Primitives"),
        new(DateTime, "DateTime", "Primitives"),
        new(DateTimeOffset, "DateTimeOffset", "Primitives"),
        new(TimeSpan, "TimeSpan", "Primitives"),
        new(Guid, "Guid", "Primitives"),
        new(Object, "Object", "Primitives"),
        new(Json, "JSON", "Dynamic"),
        new("StringDictionary", "StringDictionary", "Dictionaries"),
        new("ObjectDictionary", "ObjectDictionary", "Dictionaries"),
    ];
}
