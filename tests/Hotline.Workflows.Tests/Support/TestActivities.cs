using System.Text.Json.Nodes;
using Hotline.Workflows.Activities;
using Hotline.Workflows.Descriptors;

namespace Hotline.Workflows.Tests.Support;

/// <summary>Activities a third party would register: the fixture's Hotline types plus test probes.</summary>
internal static class TestActivities
{
    public static ActivityRegistry CreateRegistry()
    {
        var registry = ActivityRegistry.CreateWithBuiltIns();
        registry.Register<DispatchTicket>(DispatchTicket.Descriptor);
        registry.Register<ReviewReturn>(ReviewReturn.Descriptor);
        registry.Register<Throw>(Throw.Descriptor);
        registry.Register<Count>(Count.Descriptor);
        registry.Register<AwaitOpinions>(AwaitOpinions.Descriptor);
        registry.Register<Sleep>(Sleep.Descriptor);
        return registry;
    }

    /// <summary>Completes at once, recording the unit it dispatched to as an output.</summary>
    public sealed class DispatchTicket : IActivity
    {
        public static ActivityDescriptor Descriptor { get; } = new("Hotline.DispatchTicket")
        {
            Category = "Hotline",
            DisplayName = "Dispatch ticket",
            Inputs = [new InputDescriptor("UnitCode") { DisplayName = "Unit code" }],
            Outputs = [new OutputDescriptor("Unit", TypeAliases.String)],
        };

        public ValueTask<ActivityResult> ExecuteAsync(ActivityExecutionContext context)
        {
            context.SetOutput("Unit", context.GetInput<string>("UnitCode"));
            return ValueTask.FromResult(ActivityResult.Complete());
        }
    }

    /// <summary>Waits for a reviewer's decision; the resume input's <c>decision</c> picks the port.</summary>
    public sealed class ReviewReturn : IActivity
    {
        public static ActivityDescriptor Descriptor { get; } = new("Hotline.ReviewReturn")
        {
            Category = "Hotline",
            DisplayName = "Review return",
            Description = "Escalated review of a unit's return request",
            Inputs =
            [
                InputDescriptor.Dropdown("ReviewerRole", "Reviewer role", ("County centre reviewer", "county-centre-reviewer"), ("City reviewer", "city-reviewer")),
            ],
            Ports = [new PortDescriptor("Approved"), new PortDescriptor("Rejected")],
        };

        public ValueTask<ActivityResult> ExecuteAsync(ActivityExecutionContext context) =>
            ValueTask.FromResult(ActivityResult.Suspend(new BookmarkRequest(new JsonObject { ["role"] = context.GetInput<string>("ReviewerRole") })));

        public ValueTask<ActivityResult> ResumeAsync(ActivityExecutionContext context) =>
            ValueTask.FromResult(context.ResumeInput?["decision"]?.GetValue<string>() == "approve"
                ? ActivityResult.Complete("Approved")
                : ActivityResult.Complete("Rejected"));
    }

    /// <summary>Throws, as a buggy domain activity would.</summary>
    public sealed class Throw : IActivity
    {
        public static ActivityDescriptor Descriptor { get; } = new("Test.Throw") { Category = "Test" };

        public ValueTask<ActivityResult> ExecuteAsync(ActivityExecutionContext context) =>
            throw new InvalidOperationException("Unit not found");
    }

    /// <summary>Adds one to an Int32 variable named by its input, to observe how often it ran.</summary>
    public sealed class Count : IActivity
    {
        public static ActivityDescriptor Descriptor { get; } = new("Test.Count")
        {
            Category = "Test",
            Inputs = [new InputDescriptor("Variable") { DefaultValue = "Counter" }],
        };

        public ValueTask<ActivityResult> ExecuteAsync(ActivityExecutionContext context)
        {
            var name = context.GetInput<string>("Variable")!;
            context.SetVariable(name, context.GetVariable<int>(name) + 1);
            return ValueTask.FromResult(ActivityResult.Complete());
        }
    }

    /// <summary>Waits until two opinions have arrived, suspending again after the first (as joint handling does).</summary>
    public sealed class AwaitOpinions : IActivity
    {
        public static ActivityDescriptor Descriptor { get; } = new("Test.AwaitOpinions") { Category = "Test" };

        public ValueTask<ActivityResult> ExecuteAsync(ActivityExecutionContext context) =>
            ValueTask.FromResult(ActivityResult.Suspend(new BookmarkRequest(new JsonObject { ["received"] = 0 })));

        public ValueTask<ActivityResult> ResumeAsync(ActivityExecutionContext context)
        {
            var received = JsonNode.Parse(context.Bookmark!.PayloadJson!)!["received"]!.GetValue<int>() + 1;
            return ValueTask.FromResult(received < 2
                ? ActivityResult.Suspend(new BookmarkRequest(new JsonObject { ["received"] = received }))
                : ActivityResult.Complete());
        }
    }

    /// <summary>Takes 20 ms of real time, as a slow domain call would.</summary>
    public sealed class Sleep : IActivity
    {
        public static ActivityDescriptor Descriptor { get; } = new("Test.Sleep") { Category = "Test" };

        public async ValueTask<ActivityResult> ExecuteAsync(ActivityExecutionContext context)
        {
            await Task.Delay(20, context.CancellationToken);
            return ActivityResult.Complete();
        }
    }
}
