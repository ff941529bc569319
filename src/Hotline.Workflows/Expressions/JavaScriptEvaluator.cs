using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Jint;
using Jint.Native;
using Jint.Runtime;

namespace Hotline.Workflows.Expressions;

/// <summary>
/// Runs JavaScript expressions in Jint with no CLR access and hard limits. Scripts see
/// <c>variables</c> (a copy of the variables in scope), <c>input</c> (the workflow input),
/// <c>getVariable(name)</c>, <c>setVariable(name, value)</c>, <c>getInput(name)</c> and, as Elsa generates them,
/// <c>get&lt;Name&gt;()</c>/<c>set&lt;Name&gt;(value)</c> per variable and <c>get&lt;Input&gt;()</c> per declared input.
/// </summary>
internal sealed class JavaScriptEvaluator(JavaScriptLimits limits)
{
    private static readonly HashSet<string> BuiltInFunctions = ["getVariable", "setVariable", "getInput"];

    public JsonNode? Evaluate(string script, IExpressionScope scope)
    {
        // CLR interop is never enabled: without AllowClr, 'System', 'importNamespace' and host types do not exist.
        using var engine = new Engine(options =>
        {
            options
                .Strict()
                .MaxStatements(limits.MaxStatements)
                .TimeoutInterval(limits.Timeout)
                .LimitMemory(limits.MaxMemoryBytes)
                .LimitRecursion(limits.MaxRecursionDepth)
                .CancellationToken(scope.CancellationToken);

            // A regular expression is one statement: without its own timeout (Jint's default is 10 s) a catastrophic
            // backtrack outlives the script's time limit.
            options.Constraints.RegexTimeout = limits.Timeout;
            options.Constraints.MaxArraySize = (uint)limits.MaxArrayLength;
        });
        JavaScriptAllocationGuard.Install(engine, limits.MaxStringLength);

        engine.SetValue("variables", ToJs(engine, new JsonObject(scope.VisibleVariables().Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone())))));
        engine.SetValue("input", ToJs(engine, scope.WorkflowInput));
        engine.SetValue("getVariable", new Func<string, JsValue>(name => ToJs(engine, scope.GetVariable(name))));
        engine.SetValue("setVariable", new Action<string, JsValue>((name, value) => scope.SetVariable(name, FromJs(engine, value))));
        engine.SetValue("getInput", new Func<string, JsValue>(name => ToJs(engine, WorkflowInput(scope, name))));
        DefineAccessors(engine, scope);

        try
        {
            return FromJs(engine, Run(engine, script));
        }
        catch (JavaScriptException ex)
        {
            // Jint reports a script that does not parse as a thrown SyntaxError.
            throw new ExpressionException(IsSyntaxError(ex) ? $"JavaScript syntax error: {ex.Message}" : $"JavaScript error: {ex.Message}", ex);
        }
        catch (StatementsCountOverflowException ex)
        {
            throw new ExpressionException($"JavaScript stopped: more than {limits.MaxStatements} statements", ex);
        }
        catch (MemoryLimitExceededException ex)
        {
            throw new ExpressionException($"JavaScript stopped: memory limit exceeded ({ex.Message}; limits: {limits.MaxMemoryBytes} bytes, arrays of {limits.MaxArrayLength} elements)", ex);
        }
        catch (RegexMatchTimeoutException ex)
        {
            throw new ExpressionException($"JavaScript stopped: a regular expression ran longer than {limits.Timeout}", ex);
        }
        catch (RecursionDepthOverflowException ex)
        {
            throw new ExpressionException($"JavaScript stopped: recursion deeper than {limits.MaxRecursionDepth}", ex);
        }
        catch (TimeoutException ex)
        {
            throw new ExpressionException($"JavaScript stopped: ran longer than {limits.Timeout}", ex);
        }
        catch (ExecutionCanceledException ex)
        {
            throw new ExpressionException("JavaScript stopped: the execution was cancelled", ex);
        }
        catch (Acornima.ParseErrorException ex)
        {
            throw new ExpressionException($"JavaScript syntax error: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// Elsa's generated accessors: for each variable in scope whose name is letters and digits only,
    /// <c>get</c>/<c>set</c> + the name with its first letter upper-cased; then, for each declared workflow input
    /// with such a name, <c>get</c> + the name as declared (an input hides a variable's getter of the same name).
    /// </summary>
    private static void DefineAccessors(Engine engine, IExpressionScope scope)
    {
        foreach (var name in scope.VisibleVariables().Keys.Where(IsAccessorName))
        {
            var pascal = char.ToUpperInvariant(name[0]) + name[1..];
            if (BuiltInFunctions.Contains("get" + pascal))
                continue; // a variable named 'Variable' or 'Input' must not replace getVariable(name)/getInput(name)
            engine.SetValue("get" + pascal, new Func<JsValue>(() => ToJs(engine, scope.GetVariable(name))));
            engine.SetValue("set" + pascal, new Action<JsValue>(value => scope.SetVariable(name, FromJs(engine, value))));
        }

        foreach (var name in scope.WorkflowInputNames.Where(n => IsAccessorName(n) && !BuiltInFunctions.Contains("get" + n)))
            engine.SetValue("get" + name, new Func<JsValue>(() => ToJs(engine, WorkflowInput(scope, name))));
    }

    /// <summary>Elsa's rule for names that get accessors: not blank, letters and digits only.</summary>
    private static bool IsAccessorName(string name) => name.Length > 0 && name.All(char.IsLetterOrDigit);

    /// <summary>A workflow input by name, ignoring case as Elsa does.</summary>
    private static JsonNode? WorkflowInput(IExpressionScope scope, string name) =>
        scope.WorkflowInput.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

    /// <summary>
    /// Runs the script as an expression; a script written as a function body (<c>return false;</c>, as
    /// Elsa accepts) is run wrapped in a function.
    /// </summary>
    private static JsValue Run(Engine engine, string script)
    {
        try
        {
            return engine.Evaluate(script);
        }
        catch (JavaScriptException ex) when (IsSyntaxError(ex) && script.Contains("return", StringComparison.Ordinal))
        {
            return engine.Evaluate("(function () {\n" + script + "\n})()");
        }
    }

    private static bool IsSyntaxError(JavaScriptException ex) =>
        ex.Error.IsObject() && ex.Error.AsObject().Get("name").ToString() == "SyntaxError";

    private static JsValue ToJs(Engine engine, JsonNode? node) =>
        node is null ? JsValue.Null : new Jint.Native.Json.JsonParser(engine).Parse(node.ToJsonString());

    private static JsonNode? FromJs(Engine engine, JsValue value)
    {
        if (value.IsUndefined() || value.IsNull())
            return null;
        if (value.IsBoolean())
            return JsonValue.Create(value.AsBoolean());
        if (value.IsString())
            return JsonValue.Create(value.AsString());
        if (value.IsNumber())
        {
            var number = value.AsNumber();
            return number == Math.Floor(number) && Math.Abs(number) < long.MaxValue ? JsonValue.Create((long)number) : JsonValue.Create(number);
        }

        var json = new Jint.Native.Json.JsonSerializer(engine).Serialize(value);
        return json.IsUndefined() ? null : JsonNode.Parse(json.AsString());
    }
}
