using System.Text.Json;
using System.Text.Json.Nodes;
using Hotline.Workflows.Execution;
using Hotline.Workflows.Expressions;
using Hotline.Workflows.Instances;
using Hotline.Workflows.Journal;
using Hotline.Workflows.Model;
using Hotline.Workflows.Persistence;
using Hotline.Workflows.Runtime;
using Hotline.Workflows.Serialization;
using Microsoft.EntityFrameworkCore;

namespace Hotline.Workflows.Alterations;

/// <summary>
/// Applies alterations to instances of the context's tenant, as Elsa's alteration runner does: <see cref="Migrate"/> moves
/// an instance to another (published) version of its definition, <see cref="ModifyVariable"/> sets a variable. Each
/// instance is one save: every alteration applies, each with a journal line naming the actor, or one is refused and
/// nothing of that instance changes. The instance is not run; it continues on its next stimulus.
/// </summary>
public sealed class WorkflowAlterations(WorkflowDbContext db, WorkflowDefinitionCache definitions, TimeProvider time)
{
    private const string WorkflowType = "Elsa.Workflow";

    /// <summary>The ids of the tenant's instances <paramref name="targets"/> selects; an empty filter selects none unless it says all.</summary>
    public async Task<IReadOnlyList<string>> FindAsync(AlterationTargets targets, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(targets);
        if (targets.IsEmpty && !targets.EmptyFilterSelectsAll)
        {
            return [];
        }

        var query = db.Instances.AsNoTracking();
        if (targets.WorkflowInstanceIds is { Count: > 0 } ids)
            query = query.Where(x => ids.Contains(x.Id));
        if (targets.CorrelationIds is { Count: > 0 } correlationIds)
            query = query.Where(x => x.CorrelationId != null && correlationIds.Contains(x.CorrelationId));
        if (targets.DefinitionIds is { Count: > 0 } definitionIds)
            query = query.Where(x => definitionIds.Contains(x.DefinitionId));
        if (targets.DefinitionVersionIds is { Count: > 0 } versionIds)
            query = query.Where(x => versionIds.Contains(x.DefinitionVersionId));
        if (targets.Statuses is { Count: > 0 } statuses)
            query = query.Where(x => statuses.Contains(x.Status));
        if (targets.SubStatuses is { Count: > 0 } subStatuses)
            query = query.Where(x => subStatuses.Contains(x.SubStatus));
        if (targets.HasIncidents is { } hasIncidents)
            query = hasIncidents ? query.Where(x => x.IncidentCount > 0) : query.Where(x => x.IncidentCount == 0);
        return await query.OrderBy(x => x.CreatedAt).ThenBy(x => x.Id).Select(x => x.Id).ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Applies <paramref name="alterations"/> to each instance in turn; one result per instance id, in order.</summary>
    public async Task<IReadOnlyList<AlterationResult>> RunAsync(
        IReadOnlyCollection<string> workflowInstanceIds, IReadOnlyList<Alteration> alterations, string? actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workflowInstanceIds);
        ArgumentNullException.ThrowIfNull(alterations);
        var results = new List<AlterationResult>(workflowInstanceIds.Count);
        foreach (var id in workflowInstanceIds.Distinct(StringComparer.Ordinal))
        {
            results.Add(await RunAsync(id, alterations, actor, cancellationToken).ConfigureAwait(false));
        }

        return results;
    }

    private async Task<AlterationResult> RunAsync(string instanceId, IReadOnlyList<Alteration> alterations, string? actor, CancellationToken cancellationToken)
    {
        var run = new InstanceAlteration(this, db, time, instanceId, actor);
        try
        {
            var instance = await db.Instances.FirstOrDefaultAsync(x => x.Id == instanceId, cancellationToken).ConfigureAwait(false);
            if (instance is null)
            {
                return run.Refused($"Workflow instance with ID '{instanceId}' not found.");
            }

            var definition = await LoadAsync(instance.DefinitionVersionId, cancellationToken).ConfigureAwait(false);
            var state = WorkflowState.Read(instance.StateJson);
            foreach (var alteration in alterations)
            {
                var applied = alteration switch
                {
                    Migrate migrate => await run.MigrateAsync(instance, state, definition, migrate, cancellationToken).ConfigureAwait(false),
                    ModifyVariable modify => run.ModifyVariable(instance, state, definition, modify),
                    _ => null,
                };
                if (applied is null)
                {
                    return run.Refused(run.LastError ?? $"Alteration '{alteration.GetType().Name}' is not supported.");
                }

                definition = applied;
            }

            instance.StateJson = state.Write();
            instance.UpdatedAt = time.GetUtcNow();
            instance.Revision++;
            db.Journal.AddRange(run.Journal);
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            return run.Succeeded();
        }
        catch (DbUpdateConcurrencyException)
        {
            return run.Refused($"Workflow instance '{instanceId}' changed while it was being altered; nothing was changed, try again.");
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    private async Task<WorkflowDefinition> LoadAsync(string versionId, CancellationToken cancellationToken)
    {
        var hash = await db.Definitions.AsNoTracking().AcrossTenants().Where(d => d.Id == versionId).Select(d => d.ContentHash).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        return await definitions.GetAsync(db, versionId, hash, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The alterations of one instance: the log and journal lines gathered until all applied or one was refused.</summary>
    private sealed class InstanceAlteration(WorkflowAlterations owner, WorkflowDbContext db, TimeProvider time, string instanceId, string? actor)
    {
        private readonly List<AlterationLogEntry> log = [];

        public List<WorkflowExecutionLogRecord> Journal { get; } = [];
        public string? LastError { get; private set; }

        public AlterationResult Succeeded() => new(instanceId, log);

        public AlterationResult Refused(string message)
        {
            log.Add(new AlterationLogEntry(message, AlterationLogLevel.Error, time.GetUtcNow()));
            return new AlterationResult(instanceId, log);
        }

        public async Task<WorkflowDefinition?> MigrateAsync(WorkflowInstance instance, WorkflowState state, WorkflowDefinition current, Migrate migrate, CancellationToken cancellationToken)
        {
            var target = await db.Definitions.AsNoTracking()
                .Where(d => d.DefinitionId == instance.DefinitionId && d.Version == migrate.TargetVersion)
                .Select(d => new { d.Id, d.IsPublished })
                .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
            if (target is null)
            {
                return Fail($"Workflow definition with ID '{instance.DefinitionId}' and version {migrate.TargetVersion} not found.");
            }

            // Running tickets move only to a version the process owner released, never to a draft in progress.
            if (!target.IsPublished)
            {
                return Fail($"Version {migrate.TargetVersion} of '{instance.DefinitionId}' is not published; publish it before moving instances to it.");
            }

            var next = await owner.LoadAsync(target.Id, cancellationToken).ConfigureAwait(false);
            if (state.Contexts.FirstOrDefault(c => c.NodeId != WorkflowDefinitionSerializer.WorkflowNodeId && next.FindByNodeId(c.NodeId) is null) is { } missing)
            {
                var where = missing.Status == ActivityContextStatus.Suspended ? "waits" : "runs";
                return Fail($"The instance {where} in activity '{missing.ActivityId}' ({missing.NodeId}), which version {migrate.TargetVersion} does not have; nothing was changed.");
            }

            // Variables the new version declares in scopes that are live get their initial values.
            foreach (var (scope, values) in state.Variables)
            {
                var declared = scope == WorkflowDefinitionSerializer.WorkflowNodeId ? next.Variables : next.FindByNodeId(scope)?.Variables ?? [];
                foreach (var variable in declared.Where(v => !values.ContainsKey(v.Id)))
                {
                    values[variable.Id] = ValueConverter.FromStored(variable.Value, variable.TypeName);
                }
            }

            var from = instance.Version;
            instance.DefinitionVersionId = next.Id;
            instance.Version = next.Version;
            Record(state, instance, "Migrated", $"Migrated from version {from} to version {next.Version}.", new JsonObject
            {
                ["FromVersion"] = from,
                ["ToVersion"] = next.Version,
                ["ToDefinitionVersionId"] = next.Id,
            });
            return next;
        }

        public WorkflowDefinition? ModifyVariable(WorkflowInstance instance, WorkflowState state, WorkflowDefinition current, ModifyVariable modify)
        {
            var scopes = new[] { (Scope: WorkflowDefinitionSerializer.WorkflowNodeId, Variables: current.Variables) }
                .Concat(current.AllActivities().Where(a => a.Variables is { Count: > 0 }).Select(a => (Scope: a.NodeId, Variables: a.Variables!)));
            var (scope, variable) = scopes.SelectMany(s => s.Variables.Select(v => (s.Scope, Variable: v))).FirstOrDefault(x => x.Variable.Id == modify.VariableId);
            if (variable is null)
            {
                return Fail($"Variable with ID '{modify.VariableId}' not found.");
            }

            if (!state.Variables.TryGetValue(scope, out var values))
            {
                return Fail($"Variable '{variable.Name}' belongs to '{scope}', which is not running in this instance.");
            }

            try
            {
                values[variable.Id] = ValueConverter.ToTyped(modify.Value?.DeepClone(), variable.TypeName);
            }
            catch (Exception e) when (e is FormatException or InvalidCastException or OverflowException or JsonException or NotSupportedException)
            {
                return Fail($"The value is not a {variable.TypeName} for variable '{variable.Name}': {e.Message}");
            }

            // The value itself stays out of the journal: variables may hold a caller's personal data.
            Record(state, instance, "VariableModified", $"Variable '{variable.Name}' was set.", new JsonObject { ["VariableId"] = variable.Id, ["Scope"] = scope });
            return current;
        }

        private WorkflowDefinition? Fail(string message)
        {
            LastError = message;
            return null;
        }

        private void Record(WorkflowState state, WorkflowInstance instance, string eventName, string message, JsonObject payload)
        {
            var now = time.GetUtcNow();
            log.Add(new AlterationLogEntry(message, AlterationLogLevel.Information, now, eventName));
            var workflow = state.Contexts.Find(c => c.NodeId == WorkflowDefinitionSerializer.WorkflowNodeId);
            Journal.Add(new WorkflowExecutionLogRecord
            {
                Id = Guid.CreateVersion7(now).ToString("N"),
                WorkflowInstanceId = instance.Id,
                ActivityInstanceId = workflow?.Id ?? instance.Id,
                ActivityId = WorkflowDefinitionSerializer.WorkflowNodeId,
                ActivityType = WorkflowType,
                ActivityName = instance.Name,
                NodeId = WorkflowDefinitionSerializer.WorkflowNodeId,
                Timestamp = now,
                Sequence = ++state.Sequence,
                EventName = eventName,
                Message = message,
                Source = "Alteration",
                Actor = actor,
                PayloadJson = payload.ToJsonString(),
            });
        }
    }
}
