using Hotline.Workflows.Activities;
using Hotline.Workflows.Descriptors;

namespace Hotline.Server.Tests.ElsaApi.Fixtures;

/// <summary>
/// Stand-ins for the two Hotline activities the sample definition uses, shaped as the contract describes them,
/// registered only when the host has not registered the real ones: DispatchTicket completes, ReviewReturn waits.
/// </summary>
internal static class SampleActivities
{
    public static void RegisterMissing(ActivityRegistry registry)
    {
        if (registry.Find("Hotline.DispatchTicket", 1) is null)
        {
            registry.Register(
                new ActivityDescriptor("Hotline.DispatchTicket")
                {
                    Category = "Hotline", DisplayName = "Dispatch ticket", Description = "Dispatch the ticket to its lead unit",
                    Inputs = [new InputDescriptor("UnitCode") { DisplayName = "Unit code" }],
                },
                new Completes());
        }

        if (registry.Find("Hotline.ReviewReturn", 1) is null)
        {
            registry.Register(
                new ActivityDescriptor("Hotline.ReviewReturn")
                {
                    Category = "Hotline", DisplayName = "Review return", Description = "Escalated review of a unit's return request",
                    Inputs = [InputDescriptor.Dropdown("ReviewerRole", "Reviewer role", ("County centre reviewer", "county-centre-reviewer"), ("City reviewer", "city-reviewer"))],
                    Ports = [new PortDescriptor("Approved"), new PortDescriptor("Rejected")],
                },
                new Waits());
        }
    }

    private sealed class Completes : IActivity
    {
        public ValueTask<ActivityResult> ExecuteAsync(ActivityExecutionContext context) => ValueTask.FromResult(ActivityResult.Complete());
    }

    private sealed class Waits : IActivity
    {
        public ValueTask<ActivityResult> ExecuteAsync(ActivityExecutionContext context) => ValueTask.FromResult(ActivityResult.Suspend(new BookmarkRequest()));

        public ValueTask<ActivityResult> ResumeAsync(ActivityExecutionContext context) => ValueTask.FromResult(ActivityResult.Complete("Approved"));
    }
}
