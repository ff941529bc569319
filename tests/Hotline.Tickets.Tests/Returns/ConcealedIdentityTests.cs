using Hotline.Tickets.Policies;
using Hotline.Tickets.Problems;
using Hotline.Tickets.Replies;
using Hotline.Tickets.Returns;
using Hotline.Tickets.Tests.Tickets;
using Hotline.Tickets.Tickets;

namespace Hotline.Tickets.Tests.Returns;

/// <summary>HSB callers who conceal their identity (隐匿个人信息).</summary>
public sealed class ConcealedIdentityTests
{
    private static readonly Caller Concealed = new(null, null, null, concealedIdentity: true);
    private readonly TicketFixture _f = new("HSB");

    [Fact]
    public void HSB_RT_2_concealed_identity_return_within_12_hours_goes_to_the_sub_centre()
    {
        _f.Register("2025-09-26 14:00", TicketCategory.Complaint, caller: Concealed).Dispatch("2025-09-26 15:00");
        var application = new ReturnApplication(ReturnReason.ConcealedIdentity, "一次性列明：姓名、联系电话、具体地址");
        _f.Refused(ErrorCodes.ReturnWindowClosed, "HSB-RT-2", () => _f.Ticket.RequestReturn(_f.Unit("2025-09-27 03:01"), application));
        _f.Ticket.RequestReturn(_f.Unit("2025-09-27 03:00"), application);
        Assert.False(_f.Ticket.PendingReturn!.Escalated);
    }

    [Fact]
    public void HSB_RPL_1_no_caller_notice_is_required_when_the_caller_concealed_their_identity()
    {
        _f.Register("2025-09-26 14:00", TicketCategory.HelpRequest, caller: Concealed).Dispatch("2025-09-26 15:00").Sign("2025-09-26 15:30");
        _f.Ticket.Reply(_f.Unit("2025-09-29 09:00"), new ReplyContent("已处理"));
        Assert.Equal(TicketState.Replied, _f.Ticket.State);
    }

    [Fact]
    public void HSB_RPL_4_a_known_caller_needs_the_notice_or_proof_of_unreachability()
    {
        _f.Register("2025-09-26 14:00", TicketCategory.HelpRequest).Dispatch("2025-09-26 15:00").Sign("2025-09-26 15:30");
        _f.Refused(ErrorCodes.ReplyContentMissing, "HSB-RPL-3", () => _f.Ticket.Reply(_f.Unit("2025-09-29 09:00"), new ReplyContent("已处理")));
    }
}
