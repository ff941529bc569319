namespace Hotline.Workflows.LogPersistence;

/// <summary>
/// Whether an activity's input, output or internal state (journal payload) is kept in its execution record and
/// journal lines, as Elsa 3.8's <c>LogPersistenceMode</c>: <see cref="Inherit"/> takes the enclosing level's mode
/// (activity → workflow → server), and what is still <see cref="Inherit"/> at the top is kept.
/// </summary>
public enum LogPersistenceMode
{
    Inherit,
    Include,
    Exclude,
}
