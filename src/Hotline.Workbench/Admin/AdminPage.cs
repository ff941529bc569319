using Hotline.Application.Administration;
using Hotline.Tickets.Access;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Hotline.Workbench.Admin;

/// <summary>
/// What the admin pages share: the circuit's user, and one way to run a use case — a success says so in a snackbar, a
/// refusal (<see cref="AdminRefusal"/>, or a role that may not) stays on the page as a zh-CN message and changes nothing.
/// </summary>
public abstract class AdminPage : ComponentBase
{
    [CascadingParameter]
    public CurrentUser User { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    /// <summary>The last refusal, shown by <c>RefusalAlert</c>; null after a success.</summary>
    protected string? Refusal { get; set; }

    /// <summary>Runs <paramref name="call"/>; true when it succeeded. <paramref name="done"/> (if any) is said in a snackbar.</summary>
    protected async Task<bool> RunAsync(Func<Task> call, string? done)
    {
        ArgumentNullException.ThrowIfNull(call);
        try
        {
            await call();
            Refusal = null;
            if (done is not null)
                Snackbar.Add(done, Severity.Success);
            return true;
        }
        catch (AdminRefusal refusal)
        {
            Refusal = AdminWords.Refusal(refusal.Code, refusal.Message);
        }
        catch (AccessDeniedException)
        {
            Refusal = "您没有执行此操作的权限。";
        }

        return false;
    }
}
