using System.Globalization;

namespace Hotline.Server.ElsaApi;

/// <summary>
/// Studio's query strings, read the way Studio writes them: .NET property names in any casing (<c>PageSize</c>,
/// <c>versionOptions</c>), <c>True</c>/<c>False</c>, repeated keys for collections. A value that does not parse is
/// collected as a validation error instead of being ignored.
/// </summary>
internal sealed class StudioQuery(IQueryCollection query)
{
    private readonly Dictionary<string, string[]> errors = new(StringComparer.OrdinalIgnoreCase);

    public IReadOnlyDictionary<string, string[]> Errors => errors;

    public bool IsValid => errors.Count == 0;

    public string? String(string name) => query.TryGetValue(name, out var values) ? values.ToString() : null;

    public bool Has(string name) => query.ContainsKey(name);

    /// <summary>Every non-empty value of a repeated key (<c>Ids=a&amp;Ids=b</c>).</summary>
    public IReadOnlyList<string> All(string name) =>
        query.TryGetValue(name, out var values) ? values.Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v!).ToArray() : [];

    public bool? Bool(string name) => Parse(name, text => bool.TryParse(text, out var value) ? value : (bool?)null, "true or false");

    public int? Int(string name, int min = int.MinValue) =>
        Parse(name, text => int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min ? value : (int?)null, $"a whole number of at least {min}");

    public TEnum? Enum<TEnum>(string name)
        where TEnum : struct, Enum =>
        Parse(name, text => System.Enum.TryParse<TEnum>(text, ignoreCase: true, out var value) && System.Enum.IsDefined(value) ? value : (TEnum?)null,
            string.Join(", ", System.Enum.GetNames<TEnum>()));

    public void Fail(string name, string message) => errors[name] = [message];

    public IResult Problem() => Results.ValidationProblem(errors, title: "The query string is not valid.");

    private T? Parse<T>(string name, Func<string, T?> parse, string expected)
        where T : struct
    {
        var text = String(name);
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var value = parse(text.Trim());
        if (value is null)
        {
            Fail(name, $"'{text}' is not valid for {name}: expected {expected}.");
        }

        return value;
    }
}
