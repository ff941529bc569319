using Hotline.Workflows.Activities;

namespace Hotline.Workflows.Descriptors;

/// <summary>
/// The activity types (活动类型) a server knows: each descriptor with the behaviour that runs it.
/// Filled at start-up (built-ins, then domain activities) and read concurrently afterwards.
/// </summary>
public sealed class ActivityRegistry
{
    private readonly Lock _gate = new();
    private Dictionary<(string TypeName, int Version), Registration> _registrations = [];

    /// <summary>A registry holding the Elsa built-ins (Flowchart, Start, End, FlowDecision…).</summary>
    public static ActivityRegistry CreateWithBuiltIns()
    {
        var registry = new ActivityRegistry();
        BuiltInActivities.RegisterAll(registry);
        return registry;
    }

    /// <summary>All descriptors, ordered by category and type name; Studio rejects duplicates, so there are none.</summary>
    public IReadOnlyList<ActivityDescriptor> Descriptors =>
        [.. _registrations.Values.Select(r => r.Descriptor).OrderBy(d => d.Category, StringComparer.Ordinal)
            .ThenBy(d => d.TypeName, StringComparer.Ordinal).ThenBy(d => d.Version)];

    /// <summary>Registers an activity type; a second registration of the same type and version is an error.</summary>
    public void Register(ActivityDescriptor descriptor, IActivity activity)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        ArgumentNullException.ThrowIfNull(activity);
        lock (_gate)
        {
            var key = (descriptor.TypeName, descriptor.Version);
            if (_registrations.ContainsKey(key))
                throw new InvalidOperationException($"Activity type {descriptor} is already registered.");

            // Copy-on-write keeps lookups lock-free for readers.
            _registrations = new Dictionary<(string, int), Registration>(_registrations) { [key] = new(descriptor, activity) };
        }
    }

    /// <summary>Registers an activity whose behaviour has a parameterless constructor.</summary>
    public void Register<TActivity>(ActivityDescriptor descriptor)
        where TActivity : IActivity, new() => Register(descriptor, new TActivity());

    public ActivityDescriptor? Find(string typeName, int version) =>
        _registrations.GetValueOrDefault((typeName, version))?.Descriptor;

    /// <summary>The highest registered version of <paramref name="typeName"/>: what Elsa reads an activity without <c>version</c> as.</summary>
    public ActivityDescriptor? FindLatest(string typeName) =>
        _registrations.Values.Select(r => r.Descriptor).Where(d => d.TypeName == typeName).MaxBy(d => d.Version);

    internal IActivity? FindBehavior(string typeName, int version) =>
        _registrations.GetValueOrDefault((typeName, version))?.Activity;

    private sealed record Registration(ActivityDescriptor Descriptor, IActivity Activity);
}
