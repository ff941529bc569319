namespace Hotline.Workflows.Definitions;

/// <summary>Translates <see cref="VersionOptions"/> into a store query.</summary>
internal static class VersionFilter
{
    public static IQueryable<WorkflowDefinitionRecord> WithVersion(this IQueryable<WorkflowDefinitionRecord> query, VersionOptions options) =>
        options.Selection switch
        {
            VersionSelection.Latest => query.Where(x => x.IsLatest),
            VersionSelection.Published => query.Where(x => x.IsPublished),
            VersionSelection.LatestOrPublished => query.Where(x => x.IsLatest || x.IsPublished),
            VersionSelection.LatestAndPublished => query.Where(x => x.IsLatest && x.IsPublished),
            VersionSelection.Draft => query.Where(x => !x.IsPublished),
            VersionSelection.SpecificVersion => query.Where(x => x.Version == options.Version),
            _ => query,
        };
}
