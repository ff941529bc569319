using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hotline.Workflows.Descriptors;
using Hotline.Workflows.Expressions;
using Hotline.Workflows.Model;

namespace Hotline.Workflows.Serialization;

/// <summary>
/// Reads and writes definitions in Elsa 3.8's JSON: camelCase, typed-expression inputs, nested
/// connections. Loading validates the graph against the registry and recomputes every nodeId;
/// properties it does not know are carried through unchanged.
/// </summary>
public static class WorkflowDefinitionSerializer
{
    /// <summary>The virtual node above the root, as Elsa names it.</summary>
    public const string WorkflowNodeId = "Workflow1";

    private static readonly HashSet<string> DefinitionFields =
    [
        "id", "definitionId", "name", "description", "createdAt", "version", "toolVersion", "variables", "inputs",
        "outputs", "outcomes", "customProperties", "isReadonly", "isSystem", "isLatest", "isPublished", "options", "root",
    ];

    // The export schema reference and the server's HATEOAS links are transport, not part of a version.
    private static readonly HashSet<string> IgnoredDefinitionFields = ["$schema", "links"];

    private static readonly HashSet<string> ActivityFields = ["id", "nodeId", "name", "type", "version", "customProperties", "metadata"];
    private static readonly HashSet<string> ContainerFields = ["activities", "connections", "variables"];
    private static readonly HashSet<string> BodyFields = ["body"];
    private static readonly HashSet<string> VariableFields = ["id", "name", "typeName", "isArray", "value", "storageDriverTypeName"];

    /// <summary>Parses and validates a definition; throws <see cref="WorkflowDefinitionException"/> naming every problem found.</summary>
    public static WorkflowDefinition Parse(string json, ActivityRegistry registry)
    {
        JsonNode? document;
        try
        {
            document = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            throw new WorkflowDefinitionException([new DefinitionError(null, "definition", $"not valid JSON: {ex.Message}")]);
        }

        if (document is not JsonObject obj)
            throw new WorkflowDefinitionException([new DefinitionError(null, "definition", "must be a JSON object")]);
        return Parse(obj, registry);
    }

    /// <summary>Parses and validates a definition already held as a JSON object (the object is not modified).</summary>
    public static WorkflowDefinition Parse(JsonObject obj, ActivityRegistry registry)
    {
        var reader = new Reader(registry);
        var definition = reader.ReadDefinition(obj);
        if (reader.Errors.Count > 0)
            throw new WorkflowDefinitionException(reader.Errors);
        return definition;
    }

    /// <summary>Writes the definition as Elsa 3.8 JSON (camelCase, string enums, nested connections).</summary>
    public static string Serialize(WorkflowDefinition definition) => ToJsonObject(definition).ToJsonString(WorkflowJson.Indented);

    /// <summary>The definition as a JSON object, e.g. to embed in an API response.</summary>
    public static JsonObject ToJsonObject(WorkflowDefinition definition)
    {
        var obj = new JsonObject
        {
            ["id"] = definition.Id,
            ["definitionId"] = definition.DefinitionId,
            ["name"] = definition.Name,
            ["description"] = definition.Description,
            ["createdAt"] = definition.CreatedAt,
            ["version"] = definition.Version,
            ["toolVersion"] = definition.ToolVersion,
            ["variables"] = WriteVariables(definition.Variables),
            ["inputs"] = definition.Inputs.DeepClone(),
            ["outputs"] = definition.Outputs.DeepClone(),
            ["outcomes"] = new JsonArray([.. definition.Outcomes.Select(o => (JsonNode?)o)]),
            ["customProperties"] = definition.CustomProperties.DeepClone(),
            ["isReadonly"] = definition.IsReadonly,
            ["isSystem"] = definition.IsSystem,
            ["isLatest"] = definition.IsLatest,
            ["isPublished"] = definition.IsPublished,
            ["options"] = definition.Options.DeepClone(),
            ["root"] = WriteActivity(definition.Root),
        };
        CopyInto(definition.UnknownProperties, obj);
        return obj;
    }

    /// <summary>Sets every nodeId from the ancestry: <c>Workflow1:&lt;rootId&gt;:&lt;childId&gt;</c>.</summary>
    public static void AssignNodeIds(WorkflowDefinition definition) => AssignNodeIds(definition.Root, WorkflowNodeId);

    private static void AssignNodeIds(Activity activity, string parentNodeId)
    {
        activity.NodeId = $"{parentNodeId}:{activity.Id}";
        foreach (var child in activity.Activities ?? [])
            AssignNodeIds(child, activity.NodeId);
    }

    private static JsonObject WriteActivity(Activity activity)
    {
        var obj = new JsonObject();
        CopyInto(activity.Properties, obj);
        obj["id"] = activity.Id;
        obj["nodeId"] = activity.NodeId;
        obj["name"] = activity.Name;
        obj["type"] = activity.Type;
        obj["version"] = activity.Version;
        obj["customProperties"] = activity.CustomProperties.DeepClone();
        obj["metadata"] = activity.Metadata.DeepClone();
        if (activity.HoldsBody)
        {
            obj["body"] = activity.Activities is [var body, ..] ? WriteActivity(body) : null;
        }
        else if (activity.IsContainer)
        {
            obj["activities"] = new JsonArray([.. activity.Activities!.Select(a => (JsonNode)WriteActivity(a))]);
            obj["variables"] = WriteVariables(activity.Variables ?? []);
            obj["connections"] = new JsonArray([.. activity.Connections!.Select(c => (JsonNode)WriteConnection(c))]);
        }

        return obj;
    }

    private static JsonObject WriteConnection(Connection connection)
    {
        var obj = new JsonObject
        {
            ["source"] = new JsonObject { ["activity"] = connection.SourceActivityId, ["port"] = connection.SourcePort },
            ["target"] = new JsonObject { ["activity"] = connection.TargetActivityId, ["port"] = connection.TargetPort },
            ["vertices"] = connection.Vertices.DeepClone(),
        };
        CopyInto(connection.UnknownProperties, obj);
        return obj;
    }

    private static JsonArray WriteVariables(IEnumerable<Variable> variables) =>
        new([.. variables.Select(v => (JsonNode)WriteVariable(v))]);

    private static JsonObject WriteVariable(Variable variable)
    {
        var obj = new JsonObject
        {
            ["id"] = variable.Id,
            ["name"] = variable.Name,
            ["typeName"] = variable.TypeName,
            ["isArray"] = variable.IsArray,
            ["value"] = variable.Value,
            ["storageDriverTypeName"] = variable.StorageDriverTypeName,
        };
        CopyInto(variable.UnknownProperties, obj);
        return obj;
    }

    private static void CopyInto(JsonObject source, JsonObject target)
    {
        foreach (var (key, value) in source)
            target[key] = value?.DeepClone();
    }

    /// <summary>One pass over the JSON, collecting every error rather than stopping at the first.</summary>
    private sealed class Reader(ActivityRegistry registry)
    {
        private readonly HashSet<string> _activityIds = new(StringComparer.Ordinal);

        public List<DefinitionError> Errors { get; } = [];

        public WorkflowDefinition ReadDefinition(JsonObject obj)
        {
            Activity root;
            if (obj["root"] is JsonObject rootObj)
            {
                root = ReadActivity(rootObj, "root");
            }
            else
            {
                Errors.Add(new DefinitionError(null, "root", "a root activity (normally Elsa.Flowchart) is required"));
                root = new Activity { Id = "flowchart1", Type = "Elsa.Flowchart", Activities = [], Connections = [], Variables = [] };
            }

            var definition = new WorkflowDefinition
            {
                Id = String(obj, null, "id") ?? "",
                DefinitionId = String(obj, null, "definitionId") ?? "",
                Name = String(obj, null, "name"),
                Description = String(obj, null, "description"),
                CreatedAt = Date(obj, "createdAt"),
                Version = Int(obj, null, "version") ?? 1,
                ToolVersion = String(obj, null, "toolVersion"),
                IsReadonly = Bool(obj, null, "isReadonly"),
                IsSystem = Bool(obj, null, "isSystem"),
                IsLatest = Bool(obj, null, "isLatest"),
                IsPublished = Bool(obj, null, "isPublished"),
                Variables = ReadVariables(obj["variables"], null, "variables"),
                Inputs = Array(obj, null, "inputs"),
                Outputs = Array(obj, null, "outputs"),
                Outcomes = [.. Array(obj, null, "outcomes").Select(o => o?.ToString() ?? "")],
                CustomProperties = Object(obj, null, "customProperties"),
                Options = Object(obj, null, "options"),
                Root = root,
                UnknownProperties = Rest(obj, DefinitionFields, IgnoredDefinitionFields),
            };
            AssignNodeIds(definition);
            return definition;
        }

        private Activity ReadActivity(JsonObject obj, string location)
        {
            var id = String(obj, null, "id");
            if (string.IsNullOrWhiteSpace(id))
            {
                Errors.Add(new DefinitionError(null, $"{location}.id", "an activity needs a non-empty 'id'"));
                id = location;
            }
            else if (!_activityIds.Add(id))
            {
                Errors.Add(new DefinitionError(id, "id", $"duplicate activity id '{id}'"));
            }

            var type = String(obj, id, "type");
            if (string.IsNullOrWhiteSpace(type))
            {
                Errors.Add(new DefinitionError(id, "type", "an activity needs a 'type'"));
                type = "";
            }

            // Without a version an activity is the latest registered version of its type, as Elsa's activity converter reads it.
            var version = Int(obj, id, "version") ?? (obj.ContainsKey("version") || type.Length == 0 ? null : registry.FindLatest(type)?.Version);

            var activity = new Activity
            {
                Id = id,
                Type = type,
                Version = version ?? 1,
                Name = String(obj, id, "name"),
                CustomProperties = Object(obj, id, "customProperties"),
                Metadata = Object(obj, id, "metadata"),
            };

            var descriptor = type.Length == 0 ? null : registry.Find(type, activity.Version);
            if (descriptor is null && type.Length > 0)
                Errors.Add(new DefinitionError(id, "type", $"unknown activity type '{type}' v{activity.Version}"));

            var isContainer = descriptor?.IsContainer == true;
            var holdsBody = descriptor?.RunsBody == true;
            activity.Properties = Rest(obj, ActivityFields, isContainer ? ContainerFields : holdsBody ? BodyFields : []);
            if (isContainer)
                ReadContainer(obj, activity);
            else if (holdsBody)
                ReadBody(obj, activity);
            if (descriptor is not null)
                ValidateInputs(activity, descriptor);
            return activity;
        }

        /// <summary>A FlowNode's single <c>body</c> activity (or none), held as its only child with no connections.</summary>
        private void ReadBody(JsonObject obj, Activity node)
        {
            node.HoldsBody = true;
            node.Activities = [];
            node.Connections = [];
            if (obj["body"] is JsonObject body)
                node.Activities.Add(ReadActivity(body, "body"));
            else if (obj["body"] is not null)
                Errors.Add(new DefinitionError(node.Id, "body", "must be an activity object"));
        }

        private void ReadContainer(JsonObject obj, Activity container)
        {
            container.Activities = [];
            if (obj["activities"] is JsonArray children)
            {
                for (var i = 0; i < children.Count; i++)
                {
                    if (children[i] is JsonObject child)
                        container.Activities.Add(ReadActivity(child, $"activities[{i}]"));
                    else
                        Errors.Add(new DefinitionError(container.Id, $"activities[{i}]", "must be an activity object"));
                }
            }
            else if (obj["activities"] is not null)
            {
                Errors.Add(new DefinitionError(container.Id, "activities", "must be an array"));
            }

            container.Variables = ReadVariables(obj["variables"], container.Id, "variables");
            container.Connections = [];
            var known = container.Activities.Select(a => a.Id).ToHashSet(StringComparer.Ordinal);
            var notFound = new JsonArray();
            var connections = obj["connections"] as JsonArray ?? [];
            if (obj["connections"] is not null and not JsonArray)
                Errors.Add(new DefinitionError(container.Id, "connections", "must be an array"));
            for (var i = 0; i < connections.Count; i++)
            {
                var connection = ReadConnection(connections[i], container.Id, $"connections[{i}]");
                if (connection is null)
                    continue;
                if (known.Contains(connection.SourceActivityId) && known.Contains(connection.TargetActivityId))
                    container.Connections.Add(connection);
                else
                    notFound.Add(WriteConnection(connection)); // Elsa keeps these aside rather than failing the save.
            }

            if (notFound.Count > 0)
            {
                if (container.CustomProperties["notFoundConnections"] is not JsonArray kept)
                {
                    kept = [];
                    container.CustomProperties["notFoundConnections"] = kept;
                }

                foreach (var item in notFound)
                    kept.Add(item?.DeepClone());
            }
        }

        private Connection? ReadConnection(JsonNode? node, string containerId, string field)
        {
            if (node is not JsonObject obj)
            {
                Errors.Add(new DefinitionError(containerId, field, "must be a connection object"));
                return null;
            }

            // Nested form {source:{activity,port},target:{activity,port}}; the older flat form
            // {source:"id",target:"id",sourcePort,targetPort} is accepted on import.
            string? sourceId, targetId, sourcePort, targetPort;
            HashSet<string> consumed;
            if (obj["source"] is JsonObject source && obj["target"] is JsonObject target)
            {
                sourceId = source["activity"]?.ToString();
                sourcePort = source["port"]?.ToString();
                targetId = target["activity"]?.ToString();
                targetPort = target["port"]?.ToString();
                consumed = ["source", "target", "vertices"];
            }
            else
            {
                sourceId = (obj["source"] as JsonValue)?.ToString();
                targetId = (obj["target"] as JsonValue)?.ToString();
                sourcePort = obj["sourcePort"]?.ToString();
                targetPort = obj["targetPort"]?.ToString();
                consumed = ["source", "target", "sourcePort", "targetPort", "vertices"];
            }

            if (string.IsNullOrEmpty(sourceId) || string.IsNullOrEmpty(targetId))
            {
                Errors.Add(new DefinitionError(containerId, field, "a connection needs a source and a target activity"));
                return null;
            }

            return new Connection
            {
                SourceActivityId = sourceId,
                SourcePort = string.IsNullOrEmpty(sourcePort) ? "Done" : sourcePort,
                TargetActivityId = targetId,
                TargetPort = string.IsNullOrEmpty(targetPort) ? "In" : targetPort,
                Vertices = obj["vertices"] as JsonArray is { } vertices ? (JsonArray)vertices.DeepClone() : [],
                UnknownProperties = Rest(obj, consumed, []),
            };
        }

        private void ValidateInputs(Activity activity, ActivityDescriptor descriptor)
        {
            foreach (var input in descriptor.Inputs.Where(i => i.IsWrapped))
            {
                if (activity.GetProperty(input.Name) is not JsonObject wrapped)
                    continue;
                if (wrapped["expression"] is not JsonObject expression)
                    continue;
                var type = expression["type"]?.ToString();
                if (type is not null && !ExpressionTypes.IsKnown(type))
                {
                    Errors.Add(new DefinitionError(activity.Id, JsonNames.CamelCase(input.Name),
                        $"unknown expression type '{type}' (expected one of {string.Join(", ", ExpressionTypes.All)})"));
                }
            }
        }

        private List<Variable> ReadVariables(JsonNode? node, string? activityId, string field)
        {
            if (node is null)
                return [];
            if (node is not JsonArray array)
            {
                Errors.Add(new DefinitionError(activityId, field, "must be an array"));
                return [];
            }

            var variables = new List<Variable>();
            for (var i = 0; i < array.Count; i++)
            {
                if (array[i] is not JsonObject obj || String(obj, activityId, "id") is not { Length: > 0 } id)
                {
                    Errors.Add(new DefinitionError(activityId, $"{field}[{i}]", "a variable needs an 'id'"));
                    continue;
                }

                // Variables resolve by id, then by name: within one scope both must be unambiguous.
                var name = String(obj, activityId, "name") ?? id;
                if (variables.Exists(v => v.Id == id))
                    Errors.Add(new DefinitionError(activityId, $"{field}[{i}]", $"duplicate variable id '{id}'"));
                else if (variables.Exists(v => v.Name == name))
                    Errors.Add(new DefinitionError(activityId, $"{field}[{i}]", $"duplicate variable name '{name}'"));

                variables.Add(new Variable
                {
                    Id = id,
                    Name = name,
                    TypeName = String(obj, activityId, "typeName") ?? "Object",
                    IsArray = Bool(obj, activityId, "isArray"),
                    // Studio stringifies values; accept a raw JSON value from hand-written files.
                    Value = obj["value"] switch
                    {
                        null => null,
                        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
                        var other => other.ToJsonString(),
                    },
                    StorageDriverTypeName = String(obj, activityId, "storageDriverTypeName"),
                    UnknownProperties = Rest(obj, VariableFields, []),
                });
            }

            return variables;
        }

        private string? String(JsonObject obj, string? activityId, string field) => obj[field] switch
        {
            null => null,
            JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
            JsonValue v when v.GetValueKind() is JsonValueKind.Number => v.ToJsonString(),
            _ => Error<string>(activityId, field, "must be a string"),
        };

        private int? Int(JsonObject obj, string? activityId, string field) => obj[field] switch
        {
            null => null,
            JsonValue v when v.TryGetValue(out int i) => i,
            JsonValue v when v.TryGetValue(out string? s) && int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) => parsed,
            _ => Error<int?>(activityId, field, "must be an integer"),
        };

        private bool Bool(JsonObject obj, string? activityId, string field) => obj[field] switch
        {
            null => false,
            JsonValue v when v.TryGetValue(out bool b) => b,
            _ => Error<bool>(activityId, field, "must be true or false"),
        };

        private DateTimeOffset Date(JsonObject obj, string field) => obj[field] switch
        {
            null => default,
            JsonValue v when v.TryGetValue(out DateTimeOffset d) => d,
            _ => Error<DateTimeOffset>(null, field, "must be an ISO-8601 date with offset"),
        };

        private JsonArray Array(JsonObject obj, string? activityId, string field) => obj[field] switch
        {
            null => [],
            JsonArray a => (JsonArray)a.DeepClone(),
            _ => Error<JsonArray>(activityId, field, "must be an array") ?? [],
        };

        private JsonObject Object(JsonObject obj, string? activityId, string field) => obj[field] switch
        {
            null => [],
            JsonObject o => (JsonObject)o.DeepClone(),
            _ => Error<JsonObject>(activityId, field, "must be an object") ?? [],
        };

        private T? Error<T>(string? activityId, string field, string message)
        {
            Errors.Add(new DefinitionError(activityId, field, message));
            return default;
        }

        private static JsonObject Rest(JsonObject obj, HashSet<string> known, HashSet<string> alsoKnown)
        {
            var rest = new JsonObject();
            foreach (var (key, value) in obj)
            {
                if (!known.Contains(key) && !alsoKnown.Contains(key))
                    rest[key] = value?.DeepClone();
            }

            return rest;
        }
    }
}
