using Hotline.Workflows.Instances;
using Hotline.Workflows.Runtime;

namespace Hotline.Server.ElsaApi.Instances;

/// <summary>The body of Studio's instance list (a POST): paging, search, filters, order.</summary>
internal sealed record InstanceListRequest(
    int? Page,
    int? PageSize,
    string? SearchTerm,
    string? DefinitionId,
    IReadOnlyList<string>? DefinitionIds,
    string? CorrelationId,
    int? Version,
    bool? HasIncidents,
    WorkflowStatus? Status,
    IReadOnlyList<WorkflowStatus>? Statuses,
    WorkflowSubStatus? SubStatus,
    IReadOnlyList<WorkflowSubStatus>? SubStatuses,
    string? OrderBy,
    string? OrderDirection,
    IReadOnlyList<TimestampFilter>? TimestampFilters)
{
    /// <summary>The engine query, confined to the caller's tenant; null when <see cref="OrderBy"/> is unknown.</summary>
    public InstanceQuery? ToQuery(StudioCaller caller)
    {
        InstanceOrder? order = OrderBy?.Trim().ToUpperInvariant() switch
        {
            null or "" or "CREATED" or "CREATEDAT" => InstanceOrder.Created,
            "LASTEXECUTED" or "UPDATEDAT" => InstanceOrder.UpdatedAt,
            "FINISHED" or "FINISHEDAT" => InstanceOrder.Finished,
            "NAME" => InstanceOrder.Name,
            _ => null,
        };
        if (order is null)
        {
            return null;
        }

        return new InstanceQuery
        {
            SearchTerm = SearchTerm,
            DefinitionIds = [.. DefinitionIds ?? [], .. DefinitionId is { Length: > 0 } one ? [one] : Array.Empty<string>()],
            CorrelationId = string.IsNullOrWhiteSpace(CorrelationId) ? null : CorrelationId,
            Version = Version,
            HasIncidents = HasIncidents,
            Statuses = [.. Statuses ?? [], .. Status is { } status ? [status] : Array.Empty<WorkflowStatus>()],
            SubStatuses = [.. SubStatuses ?? [], .. SubStatus is { } subStatus ? [subStatus] : Array.Empty<WorkflowSubStatus>()],
            TimestampFilters = TimestampFilters,
            OrderBy = order.Value,
            Descending = !string.Equals(OrderDirection, "Ascending", StringComparison.OrdinalIgnoreCase),
        };
    }
}
