namespace Hotline.Workflows.Persistence;

/// <summary>Which database the engine (and the domain next to it) runs on.</summary>
public enum WorkflowDatabaseProvider
{
    /// <summary>Embedded file database: one process serves one county.</summary>
    Sqlite,

    /// <summary>Shared server database: several stateless nodes serve a city or province.</summary>
    PostgreSql,
}
