using Hotline.Tickets.Access;

namespace Hotline.Tickets.Tests.Access;

/// <summary>rules.md §6: each action only for the roles the regulations give it.</summary>
public sealed class ActionPermissionsTests
{
    private static CurrentUser As(HotlineRole role) => CurrentUser.From(HotlineClaims.CreatePrincipal(
        "test", "hsb", "u", role.ToString(), new RoleAssignment([role], role.IsUnitRole() ? "housing" : null)));

    [Theory]
    [InlineData(HotlineAction.Register, HotlineRole.Dispatcher)]
    [InlineData(HotlineAction.Dispatch, HotlineRole.Dispatcher)]
    [InlineData(HotlineAction.RedirectEmergency, HotlineRole.Dispatcher)]
    [InlineData(HotlineAction.Sign, HotlineRole.UnitHandler)]
    [InlineData(HotlineAction.RequestReturn, HotlineRole.UnitHandler)]
    [InlineData(HotlineAction.Reply, HotlineRole.UnitHandler)]
    [InlineData(HotlineAction.SignOffReturn, HotlineRole.UnitLeader)]
    [InlineData(HotlineAction.ReviewReturn, HotlineRole.Reviewer)]
    [InlineData(HotlineAction.DecideEscalatedReturn, HotlineRole.EscalationReviewer)]
    [InlineData(HotlineAction.ReviewReply, HotlineRole.Reviewer)]
    [InlineData(HotlineAction.Revisit, HotlineRole.Reviewer)]
    [InlineData(HotlineAction.DecideScreening, HotlineRole.Reviewer)]
    [InlineData(HotlineAction.Supervise, HotlineRole.Supervisor)]
    [InlineData(HotlineAction.Interview, HotlineRole.Supervisor)]
    [InlineData(HotlineAction.ReferToDiscipline, HotlineRole.DisciplineLiaison)]
    [InlineData(HotlineAction.DesignWorkflows, HotlineRole.ProcessOwner)]
    [InlineData(HotlineAction.ReadAudit, HotlineRole.Auditor)]
    [InlineData(HotlineAction.ManageUsers, HotlineRole.Admin)]
    public void The_role_the_rules_name_may_act(HotlineAction action, HotlineRole role)
    {
        Assert.True(As(role).IsAllowed(action));
    }

    [Theory]
    [InlineData(HotlineAction.Register, HotlineRole.UnitHandler)]
    [InlineData(HotlineAction.Dispatch, HotlineRole.Reviewer)]
    [InlineData(HotlineAction.Reply, HotlineRole.Dispatcher)]
    [InlineData(HotlineAction.ReviewReply, HotlineRole.UnitHandler)]
    [InlineData(HotlineAction.DecideEscalatedReturn, HotlineRole.Reviewer)]
    [InlineData(HotlineAction.ReviewReturn, HotlineRole.UnitLeader)]
    [InlineData(HotlineAction.SignOffReturn, HotlineRole.UnitHandler)]
    [InlineData(HotlineAction.Supervise, HotlineRole.Auditor)]
    [InlineData(HotlineAction.DesignWorkflows, HotlineRole.Admin)]
    [InlineData(HotlineAction.ManageUsers, HotlineRole.ProcessOwner)]
    [InlineData(HotlineAction.Register, HotlineRole.Admin)]
    public void Other_roles_may_not(HotlineAction action, HotlineRole role)
    {
        Assert.False(As(role).IsAllowed(action));
    }

    [Fact]
    public void Auditors_and_process_owners_change_no_ticket()
    {
        var readOnly = new[] { HotlineAction.ReadTickets, HotlineAction.ReadAssessment, HotlineAction.ReadAudit, HotlineAction.ReadKnowledge };
        foreach (var action in Enum.GetValues<HotlineAction>().Except(readOnly))
            Assert.False(As(HotlineRole.Auditor).IsAllowed(action), $"auditor may {action}");
        Assert.Equal([HotlineAction.DesignWorkflows], Enum.GetValues<HotlineAction>().Where(As(HotlineRole.ProcessOwner).IsAllowed));
    }
}
