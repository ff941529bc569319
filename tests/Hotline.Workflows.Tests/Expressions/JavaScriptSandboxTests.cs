using System.Diagnostics;
using Hotline.Workflows.Expressions;
using Hotline.Workflows.Instances;
using Hotline.Workflows.Tests.Support;
using static Hotline.Workflows.Tests.Support.Flows;

namespace Hotline.Workflows.Tests.Expressions;

public class JavaScriptSandboxTests
{
    // A generous clock limit keeps a loaded CI machine from tripping it before the limit under test.
    private static readonly JavaScriptLimits Limits = JavaScriptLimits.Default with { Timeout = TimeSpan.FromSeconds(30) };

    private static async Task<Harness> Run(string script, JavaScriptLimits? limits = null)
    {
        var run = new Harness(Definition(Flowchart(
            [Activity("start", "Elsa.Start"), Activity("script", "Elsa.WriteLine", ("text", JavaScript(script, "String")))],
            [Connect("start", "script")]),
            Variable("name", "Name", "String", "张三"), Variable("count", "Count", "Int32", "2")), limits: limits ?? Limits);
        await run.StartAsync();
        return run;
    }

    private static string Incident(Harness run)
    {
        Assert.Equal(WorkflowSubStatus.Faulted, run.Instance.SubStatus);
        var incident = Assert.Single(run.State.Incidents);
        Assert.Equal("script", incident.ActivityId);
        Assert.Equal("Text", incident.InputName);
        return incident.Message;
    }

    [Fact]
    public async Task Scripts_see_variables_and_may_set_them()
    {
        var run = await Run("setVariable('Count', getVariable('Count') * 21); variables.Name + ':' + getVariable('Count')");

        Assert.Equal("张三:42", run.Journal.Single(j => j.ActivityId == "script" && j.EventName == "Completed").Message);
        Assert.Equal(42, run.Variable("count")!.GetValue<int>());
    }

    [Fact]
    public async Task An_infinite_loop_is_stopped()
    {
        var clock = Stopwatch.StartNew();

        var run = await Run("while (true) { }");

        Assert.Contains("statements", Incident(run), StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task A_script_running_past_the_time_limit_is_stopped()
    {
        var run = await Run("var x = 0; while (true) { x++; }", Limits with
        {
            // Only the clock may stop this loop: every number it counts allocates, so a memory limit could trip first.
            MaxStatements = int.MaxValue,
            MaxMemoryBytes = long.MaxValue,
            Timeout = TimeSpan.FromMilliseconds(200),
        });

        Assert.Contains("ran longer than", Incident(run), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_memory_bomb_is_stopped()
    {
        var run = await Run("var s = 'x'; var keep = []; for (var i = 0; i < 40; i++) { s = s + s; keep.push(s.split('')); } s.length");

        Assert.Contains("memory", Incident(run), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Runaway_recursion_is_stopped()
    {
        var run = await Run("function f(n) { return f(n + 1) + 1; } f(0)");

        Assert.Contains("recursion", Incident(run), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("System.IO.File.ReadAllText('/etc/passwd')")]
    [InlineData("importNamespace('System.IO').File.Exists('/etc/passwd')")]
    [InlineData("clrHelper.getType('System.IO.File')")]
    [InlineData("new System.Net.WebClient()")]
    public async Task The_CLR_is_unreachable(string script)
    {
        var run = await Run(script);

        Assert.Contains("is not defined", Incident(run), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_script_error_becomes_an_incident_naming_activity_and_input()
    {
        var run = await Run("null.property");

        var message = Incident(run);
        Assert.StartsWith("Input 'Text' of activity 'script': JavaScript error", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_syntax_error_becomes_an_incident()
    {
        var run = await Run("if (");

        Assert.StartsWith("Input 'Text' of activity 'script': JavaScript syntax error", Incident(run), StringComparison.Ordinal);
    }
}
