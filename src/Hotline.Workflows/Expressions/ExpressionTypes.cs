namespace Hotline.Workflows.Expressions;

/// <summary>The expression languages an input may use, as Elsa names them.</summary>
public static class ExpressionTypes
{
    public const string Literal = "Literal";
    public const string Object = "Object";
    public const string JavaScript = "JavaScript";
    public const string Variable = "Variable";
    public const string Input = "Input";

    public static IReadOnlyList<string> All { get; } = [Literal, Object, JavaScript, Variable, Input];

    public static bool IsKnown(string type) => All.Contains(type, StringComparer.Ordinal);
}
