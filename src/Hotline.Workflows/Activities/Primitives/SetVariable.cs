using System.Text.Json.Nodes;
using Hotline.Workflows.Descriptors;
using Hotline.Workflows.Expressions;

namespace Hotline.Workflows.Activities.Primitives;

/// <summary>Assigns a value to a variable (设置变量), in the innermost scope that declares it.</summary>
public sealed class SetVariable : IActivity
{
    public static ActivityDescriptor Descriptor { get; } = new("Elsa.SetVariable")
    {
        Category = "Primitives",
        DisplayName = "Set Variable",
        Description = "Assigns a value to a variable.",
        Inputs =
        [
            new InputDescriptor("Variable", TypeAliases.Object) { Description = "The variable to assign.", UIHint = "variable-picker", IsWrapped = false, Order = 0 },
            new InputDescriptor("Value", TypeAliases.Object) { Description = "The value to assign.", Order = 1 },
        ],
    };

    public ValueTask<ActivityResult> ExecuteAsync(ActivityExecutionContext context)
    {
        var reference = context.GetInputNode("Variable");

        // The picker stores the variable itself; a wrapped Variable expression is accepted too.
        if (reference is JsonObject { } wrapped && wrapped["expression"] is JsonObject expression)
            reference = expression["value"];
        var variable = ExpressionEvaluator.VariableReference(reference)
            ?? throw new InvalidOperationException("Set Variable needs a variable.");
        context.SetVariable(variable, context.GetInputNode("Value"));
        return ValueTask.FromResult(ActivityResult.Complete());
    }
}
