using Hotline.Tickets.Extensions;
using Hotline.Tickets.Problems;
using Hotline.Tickets.Tests.Tickets;
using Hotline.Tickets.Tickets;
using static Hotline.Tickets.Tests.Tickets.TicketFixture;

namespace Hotline.Tickets.Tests.Extensions;

/// <summary>Extension totals and warnings that depend on tenant overrides.</summary>
public sealed class ExtensionTotalsTests
{
    [Fact]
    public void A_03_HSB_EXT_1_all_extensions_together_stay_within_10_working_days()
    {
        var f = new TicketFixture("HSB", """{ "extensions": { "maxApplications": 3 } }""");
        f.Register("2025-09-26 14:00", TicketCategory.Complaint).Dispatch("2025-09-26 15:00").Sign("2025-09-26 15:30");
        f.Ticket.RequestExtension(f.Unit("2025-09-29 09:00"), new ExtensionApplication(5, "复杂", CallerNotified: true));
        f.Ticket.ApproveExtension(f.Reviewer("2025-09-29 10:00"));
        f.Ticket.RequestExtension(f.Unit("2025-09-29 11:00"), new ExtensionApplication(5, "复杂", CallerNotified: true));
        f.Ticket.ApproveExtension(f.Reviewer("2025-09-29 12:00"));
        f.Refused(ErrorCodes.ExtensionTotalExceeded, "HSB-EXT-1",
            () => f.Ticket.RequestExtension(f.Unit("2025-09-30 09:00"), new ExtensionApplication(1, "再延", CallerNotified: true)));
    }

    [Fact]
    public void A_configured_warning_is_set_before_the_handling_deadline_and_follows_an_extension()
    {
        var f = new TicketFixture("HSB", """{ "handling": { "warnBefore": "4h" } }""");
        f.Register("2025-09-26 14:00", TicketCategory.Complaint).Dispatch("2025-09-26 15:00").Sign("2025-09-26 15:30");
        Assert.Equal(At("2025-10-01 11:00"), f.Ticket.Clock(DeadlineKind.Handle)!.WarningAt);
        f.Ticket.RequestExtension(f.Unit("2025-09-29 09:00"), new ExtensionApplication(2, "需协调", CallerNotified: true));
        f.Ticket.ApproveExtension(f.Reviewer("2025-09-29 10:00"));
        Assert.Equal(At("2025-10-10 20:00"), f.Ticket.Clock(DeadlineKind.Handle)!.WarningAt);
    }

    [Fact]
    public void No_warning_is_invented_when_the_tenant_configures_none()
    {
        var f = new TicketFixture("HSB").Register("2025-09-26 14:00", TicketCategory.Complaint).Dispatch("2025-09-26 15:00");
        Assert.Null(f.Ticket.Clock(DeadlineKind.Handle)!.WarningAt);
    }
}
