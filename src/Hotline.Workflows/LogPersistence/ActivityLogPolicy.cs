using System.Text.Json;
using System.Text.Json.Nodes;
using Hotline.Workflows.Model;

namespace Hotline.Workflows.LogPersistence;

/// <summary>
/// What one activity's records keep, read from <c>customProperties</c> of the definition and of the activity as
/// Elsa 3.8 reads them. Two shapes are understood, the newer winning where both name a value:
/// <c>logPersistenceConfig: {default, inputs:{name: config}, outputs:{name: config}, internalState}</c>, where a
/// config is <c>{evaluationMode: "Strategy", strategyType}</c> or <c>{evaluationMode: "Expression", expression:{type, value}}</c>,
/// and the older <c>logPersistenceMode: {default, inputs:{name: mode}, outputs:{name: mode}}</c>. Property keys are
/// the camelCased input/output names. A value that cannot be read (unknown strategy, failing expression) inherits.
/// </summary>
internal sealed class ActivityLogPolicy
{
    private const string ConfigKey = "logPersistenceConfig";
    private const string LegacyKey = "logPersistenceMode";
    private const string StrategyPrefix = "Elsa.Workflows.LogPersistence.Strategies.";

    private readonly JsonObject _activityProperties;
    private readonly Func<JsonObject, JsonNode?> _evaluate;

    private ActivityLogPolicy(JsonObject activityProperties, LogPersistenceMode activityDefault, Func<JsonObject, JsonNode?> evaluate)
    {
        _activityProperties = activityProperties;
        Default = activityDefault;
        _evaluate = evaluate;
        InternalState = Resolve(
            Config(activityProperties, "internalState") is { } config ? Evaluate(config, Default) : LogPersistenceMode.Inherit,
            Default);
    }

    /// <summary>The activity's own default after inheritance (may still be <see cref="LogPersistenceMode.Inherit"/>).</summary>
    public LogPersistenceMode Default { get; }

    /// <summary>Whether the journal payload (outcomes and the like) is kept.</summary>
    public LogPersistenceMode InternalState { get; }

    /// <param name="workflowProperties">The definition's <c>customProperties</c>.</param>
    /// <param name="activity">The activity, or null for the workflow itself.</param>
    /// <param name="serverDefault">The mode when neither the definition nor the activity names one.</param>
    /// <param name="evaluate">Evaluates a config's <c>expression</c> object in the activity's scope.</param>
    public static ActivityLogPolicy For(JsonObject workflowProperties, Activity? activity, LogPersistenceMode serverDefault, Func<JsonObject, JsonNode?> evaluate)
    {
        var workflowDefault = DefaultOf(workflowProperties, serverDefault, evaluate);
        var activityProperties = activity?.CustomProperties ?? [];
        var activityDefault = DefaultOf(activityProperties, workflowDefault, evaluate);
        return new ActivityLogPolicy(activityProperties, activityDefault, evaluate);
    }

    public bool KeepsInput(string name) => PropertyMode("inputs", name) == LogPersistenceMode.Include;

    public bool KeepsOutput(string name) => PropertyMode("outputs", name) == LogPersistenceMode.Include;

    public bool KeepsInternalState => InternalState == LogPersistenceMode.Include;

    private LogPersistenceMode PropertyMode(string section, string name)
    {
        var key = JsonNames.CamelCase(name);
        if ((_activityProperties[ConfigKey] as JsonObject)?[section] is JsonObject configs && configs[key] is JsonObject config)
            return Resolve(Evaluate(config, Default), Default);
        var legacy = ((_activityProperties[LegacyKey] as JsonObject)?[section] as JsonObject)?[key];
        return Resolve(ParseMode(legacy) ?? Default, Default);
    }

    private static LogPersistenceMode DefaultOf(JsonObject properties, LogPersistenceMode inherited, Func<JsonObject, JsonNode?> evaluate)
    {
        if (Config(properties, "default") is { } config)
            return EvaluateWith(config, inherited, evaluate);
        var legacy = ParseMode((properties[LegacyKey] as JsonObject)?["default"]) ?? inherited;
        return legacy == LogPersistenceMode.Inherit ? inherited : legacy;
    }

    private static JsonObject? Config(JsonObject properties, string name) =>
        (properties[ConfigKey] as JsonObject)?[name] as JsonObject ?? (name == "internalState" ? properties[name] as JsonObject : null);

    private LogPersistenceMode Evaluate(JsonObject config, LogPersistenceMode inherited) => EvaluateWith(config, inherited, _evaluate);

    /// <summary>A strategy names its mode by type (Include, Exclude, Inherit; Configuration inherits); an expression yields one.</summary>
    private static LogPersistenceMode EvaluateWith(JsonObject config, LogPersistenceMode inherited, Func<JsonObject, JsonNode?> evaluate)
    {
        var byExpression = Member(config, "evaluationMode") is JsonValue evaluationMode
            && (string.Equals(evaluationMode.ToString(), "Expression", StringComparison.OrdinalIgnoreCase) || evaluationMode.ToString() == "1");
        if (!byExpression)
        {
            var strategy = Member(config, "strategyType")?.ToString() ?? StrategyPrefix + "Inherit, Elsa.Workflows.Core";
            var mode = strategy switch
            {
                StrategyPrefix + "Include, Elsa.Workflows.Core" => LogPersistenceMode.Include,
                StrategyPrefix + "Exclude, Elsa.Workflows.Core" => LogPersistenceMode.Exclude,
                StrategyPrefix + "Inherit, Elsa.Workflows.Core" or StrategyPrefix + "Configuration, Elsa.Workflows.Core" => LogPersistenceMode.Inherit,
                _ => (LogPersistenceMode?)null,
            };
            return mode is null ? inherited : Resolve(mode.Value, inherited);
        }

        if (Member(config, "expression") is not JsonObject expression)
            return inherited;
        try
        {
            return ParseMode(evaluate(expression)) is { } mode ? Resolve(mode, inherited) : inherited;
        }
        catch (Exception ex) when (ex is Expressions.ExpressionException or JsonException or FormatException or InvalidOperationException)
        {
            return inherited; // as Elsa: a failing expression falls back to the inherited mode
        }
    }

    /// <summary>Inherit takes the enclosing mode; what is still Inherit is kept.</summary>
    private static LogPersistenceMode Resolve(LogPersistenceMode mode, LogPersistenceMode inherited)
    {
        var resolved = mode == LogPersistenceMode.Inherit ? inherited : mode;
        return resolved == LogPersistenceMode.Inherit ? LogPersistenceMode.Include : resolved;
    }

    private static JsonNode? Member(JsonObject obj, string name) =>
        obj.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

    private static LogPersistenceMode? ParseMode(JsonNode? node) =>
        node is JsonValue value && Enum.TryParse<LogPersistenceMode>(value.ToString(), ignoreCase: true, out var mode) && Enum.IsDefined(mode)
            ? mode
            : null;
}
