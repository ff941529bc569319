using System.Text.Json.Nodes;

namespace Hotline.Workflows.Expressions;

/// <summary>What an expression can see: the variables in scope (read and write) and the workflow input.</summary>
internal interface IExpressionScope
{
    /// <summary>Every variable visible from the activity, by name; inner scopes hide outer ones.</summary>
    IReadOnlyDictionary<string, JsonNode?> VisibleVariables();

    /// <summary>Resolves a variable by id, then by name; throws if none is declared.</summary>
    JsonNode? GetVariable(string idOrName);

    void SetVariable(string idOrName, JsonNode? value);

    JsonObject WorkflowInput { get; }

    /// <summary>The names of the definition's declared inputs (its <c>inputs</c>), in declaration order.</summary>
    IReadOnlyList<string> WorkflowInputNames { get; }

    CancellationToken CancellationToken { get; }
}
