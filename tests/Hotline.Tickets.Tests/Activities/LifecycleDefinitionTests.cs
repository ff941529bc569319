using Hotline.Workflows.Instances;
using static Hotline.Tickets.Tickets.TicketAction;

namespace Hotline.Tickets.Tests.Activities;

public sealed class LifecycleDefinitionTests
{
    // Records the unit makes while it handles (first contact, urgent responses, co-unit opinions) loop back to the same step.
    private static readonly string[] Records = ["CoUnitAdded", "CoUnitOpinionGiven", "CountersignPartReplied", "FirstContactRecorded", "InitialResponseGiven", "ProgressReported"];
    private static readonly string[] Handling = [.. new[] { "DeemedSigned", "ExtensionRequested", "Replied", "ReturnRequested", "RevisitReviewExtended", "Signed", "Terminated", "TerminationRequested" }.Concat(Records).Order(StringComparer.Ordinal)];
    private static readonly string[] Signing = [.. new[] { "DeemedSigned", "Reassigned", "ReturnRequested", "Signed", "Terminated", "TerminationRequested" }.Concat(Records).Order(StringComparer.Ordinal)];

    [Fact]
    public void The_lifecycle_definition_parses_with_the_hotline_activities()
    {
        var run = new LifecycleRun(LifecycleRun.LifecycleJson());

        Assert.Equal("ticket-lifecycle", run.Definition.DefinitionId);
        Assert.True(run.Definition.IsPublished);
    }

    [Fact]
    public async Task A_normal_ticket_runs_the_lifecycle_to_the_end()
    {
        var run = await LifecycleRun.StartedAsync(Dispatched, Signed, Replied, ReplyAccepted, Revisited, Archived);

        Assert.Equal(WorkflowStatus.Finished, run.Instance.Status);
        Assert.Equal(WorkflowSubStatus.Finished, run.Instance.SubStatus);
        Assert.Empty(run.Bookmarks);
    }

    [Fact]
    public async Task Each_step_waits_for_exactly_its_actions_with_the_ticket_number()
    {
        var run = await LifecycleRun.StartedAsync();

        Assert.Equal(["AnsweredDirectly", "Dispatched", "EmergencyRedirected", "Rejected"], run.Expected);
        Assert.All(run.Bookmarks, b => Assert.Equal(LifecycleRun.TicketNumber, b.CorrelationId));
        await run.TakeAsync(Dispatched);
        Assert.Equal(Signing, run.Expected);
        await run.TakeAsync(Signed);
        Assert.Equal(Handling, run.Expected);
    }

    [Fact]
    public async Task An_action_the_step_does_not_expect_finds_no_bookmark()
    {
        var run = await LifecycleRun.StartedAsync(Dispatched);

        Assert.Null(run.FindBookmark(Redispatched));
        Assert.Null(run.FindBookmark(Archived));
        Assert.Null(run.FindBookmark(Replied));
        await Assert.ThrowsAsync<InvalidOperationException>(() => run.TakeAsync(ReplyAccepted));
        Assert.Equal(WorkflowStatus.Running, run.Instance.Status);
        Assert.Equal(Signing, run.Expected);
    }

    [Fact]
    public async Task A_sent_back_reply_a_rejected_return_and_an_extension_decision_go_back_to_handling()
    {
        var run = await LifecycleRun.StartedAsync(Dispatched, Signed, Replied, ReplySentBack);
        Assert.Equal(Handling, run.Expected);

        await run.TakeAsync(ReturnRequested);
        Assert.Equal(["ReturnApproved", "ReturnRejected"], run.Expected);
        await run.TakeAsync(ReturnRejected);
        Assert.Equal(Handling, run.Expected);

        await run.TakeAllAsync(ExtensionRequested, ExtensionApproved);
        Assert.Equal(Handling, run.Expected);
    }

    [Fact]
    public async Task A_reassignment_waits_for_signing_and_an_approved_return_for_redispatch_and_signing_again()
    {
        var run = await LifecycleRun.StartedAsync(Dispatched, Reassigned);
        Assert.Equal(Signing, run.Expected);

        await run.TakeAllAsync(Signed, ReturnRequested, ReturnApproved);
        Assert.Equal(["HandlingContinues", "Redispatched"], run.Expected);
        await run.TakeAsync(Redispatched);
        Assert.Equal(Signing, run.Expected);

        await run.TakeAllAsync(DeemedSigned, Replied, ReplyAccepted, RedoOrdered, Replied, ReplyAccepted, Revisited, Archived);
        Assert.Equal(WorkflowStatus.Finished, run.Instance.Status);
    }
}
