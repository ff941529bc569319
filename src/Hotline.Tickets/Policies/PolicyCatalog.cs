using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Hotline.Tickets.Policies;

/// <summary>
/// The policy profiles (政策配置) known to the product: HSB, HL, QU and HK, with WZ as HSB's overlay, shipped
/// as JSON embedded in this assembly. Adding a county is a new JSON document (<see cref="WithProfile"/>), not code.
/// </summary>
public sealed class PolicyCatalog
{
    /// <summary>The options every profile and override is read and written with (camelCase, string enums).</summary>
    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        WriteIndented = true,
    };

    private const string ResourcePrefix = "Hotline.Tickets.Policies.Profiles.";
    private readonly FrozenDictionary<string, JsonObject> _documents;

    private PolicyCatalog(IDictionary<string, JsonObject> documents)
    {
        _documents = documents.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The profiles shipped with the product.</summary>
    public static PolicyCatalog BuiltIn { get; } = LoadBuiltIn();

    public IEnumerable<string> Codes => _documents.Keys.Order(StringComparer.Ordinal);

    /// <summary>A catalogue that also knows <paramref name="profileJson"/> (replacing a profile with the same code).</summary>
    public PolicyCatalog WithProfile(string profileJson)
    {
        var document = ParseObject(profileJson, "profile");
        var code = document["code"]?.GetValue<string>()
            ?? throw new InvalidPolicyException("A profile needs a \"code\".");
        var documents = new Dictionary<string, JsonObject>(_documents, StringComparer.OrdinalIgnoreCase) { [code] = document };
        var catalog = new PolicyCatalog(documents);
        _ = catalog.Get(code); // fail now, not at the first ticket
        return catalog;
    }

    /// <summary>The profile with its overlays applied underneath.</summary>
    public PolicyProfile Get(string code) => Deserialize(Resolve(code, []), code);

    /// <summary>The profile, then the tenant's overrides merged on top (RFC 7396).</summary>
    public EffectivePolicy Effective(string code, string? overridesJson)
    {
        var merged = Resolve(code, []);
        if (!string.IsNullOrWhiteSpace(overridesJson))
        {
            merged = (JsonObject)JsonMergePatch.Apply(merged, ParseObject(overridesJson, "overrides"))!;
            merged["code"] = Get(code).Code; // an override cannot rename the profile it selects
        }

        return new EffectivePolicy(Deserialize(merged, code), overridesJson);
    }

    private JsonObject Resolve(string code, HashSet<string> visiting)
    {
        if (!_documents.TryGetValue(code, out var document))
        {
            throw new InvalidPolicyException($"Unknown policy profile '{code}'. Known: {string.Join(", ", Codes)}.");
        }

        if (!visiting.Add(code))
        {
            throw new InvalidPolicyException($"Policy profile '{code}' overlays itself.");
        }

        JsonNode merged = new JsonObject();
        foreach (var overlay in document["overlays"]?.AsArray().Select(n => n!.GetValue<string>()) ?? [])
        {
            var overlayDocument = Resolve(overlay, visiting);
            overlayDocument.Remove("code");
            overlayDocument.Remove("name");
            overlayDocument.Remove("source");
            merged = JsonMergePatch.Apply(merged, overlayDocument)!;
        }

        visiting.Remove(code);
        return (JsonObject)JsonMergePatch.Apply(merged, document)!;
    }

    private static PolicyProfile Deserialize(JsonObject document, string code)
    {
        try
        {
            var profile = document.Deserialize<PolicyProfile>(JsonOptions)
                ?? throw new InvalidPolicyException($"Policy profile '{code}' is empty.");
            profile.Validate();
            return profile;
        }
        catch (JsonException ex)
        {
            throw new InvalidPolicyException($"Policy profile '{code}' is invalid: {ex.Message}", ex);
        }
    }

    private static JsonObject ParseObject(string json, string what)
    {
        try
        {
            return JsonNode.Parse(json) as JsonObject
                ?? throw new InvalidPolicyException($"The {what} must be a JSON object.");
        }
        catch (JsonException ex)
        {
            throw new InvalidPolicyException($"The {what} is not valid JSON: {ex.Message}", ex);
        }
    }

    private static PolicyCatalog LoadBuiltIn()
    {
        var assembly = typeof(PolicyCatalog).Assembly;
        var documents = new Dictionary<string, JsonObject>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            var document = ParseObject(reader.ReadToEnd(), name);
            documents[document["code"]!.GetValue<string>()] = document;
        }

        return new PolicyCatalog(documents);
    }
}

/// <summary>
/// The policy in force for a tenant (生效政策): its profile with overlays and overrides applied. Serializable,
/// so the API can show a county exactly what it runs under.
/// </summary>
public sealed record EffectivePolicy(PolicyProfile Policy, string? OverridesJson)
{
    public string ToJson() => JsonSerializer.Serialize(Policy, PolicyCatalog.JsonOptions);
}

/// <summary>A profile or override document that cannot be used; the message says what is wrong.</summary>
public sealed class InvalidPolicyException : Exception
{
    public InvalidPolicyException(string message) : base(message)
    {
    }

    public InvalidPolicyException(string message, Exception inner) : base(message, inner)
    {
    }
}
