using System.Text.Json.Nodes;
using Hotline.Workflows.Serialization;
using Hotline.Workflows.Tests.Support;
using static Hotline.Workflows.Tests.Support.Flows;

namespace Hotline.Workflows.Tests.Serialization;

public class DefinitionValidationTests
{
    private static WorkflowDefinitionException Reject(JsonObject definition) =>
        Assert.Throws<WorkflowDefinitionException>(() => WorkflowDefinitionSerializer.Parse(definition.ToJsonString(), TestActivities.CreateRegistry()));

    [Fact]
    public void Unknown_activity_type_names_the_activity_and_field()
    {
        var error = Reject(Definition(Flowchart([Activity("start", "Elsa.Start"), Activity("dispatch", "Hotline.Nope")], [Connect("start", "dispatch")])));

        var only = Assert.Single(error.Errors);
        Assert.Equal(new DefinitionError("dispatch", "type", "unknown activity type 'Hotline.Nope' v1"), only);
        Assert.Contains("activity 'dispatch' field 'type': unknown activity type 'Hotline.Nope' v1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_version_of_a_known_type_is_rejected()
    {
        var end = Activity("end", "Elsa.End");
        end["version"] = 7;

        var error = Reject(Definition(Flowchart([end], [])));

        Assert.Equal(new DefinitionError("end", "type", "unknown activity type 'Elsa.End' v7"), Assert.Single(error.Errors));
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var noType = Activity("typeless", "Elsa.End");
        noType.Remove("type");
        var badExpression = Activity("decide", "Elsa.FlowDecision", ("condition", Expression("Python", "True", "Boolean")));

        var error = Reject(Definition(Flowchart([Activity("a", "Elsa.Start"), Activity("a", "Elsa.End"), noType, badExpression], [])));

        Assert.Contains(new DefinitionError("a", "id", "duplicate activity id 'a'"), error.Errors);
        Assert.Contains(new DefinitionError("typeless", "type", "an activity needs a 'type'"), error.Errors);
        var expression = Assert.Single(error.Errors, e => e.ActivityId == "decide");
        Assert.Equal("condition", expression.Field);
        Assert.StartsWith("unknown expression type 'Python'", expression.Message, StringComparison.Ordinal);
    }

    // Mirrors Elsa's ActivityJsonConverter: an activity without "version" is the latest registered version of its type.
    [Fact]
    public void An_activity_without_a_version_is_the_latest_registered_version_of_its_type()
    {
        var registry = TestActivities.CreateRegistry();
        registry.Register(new Hotline.Workflows.Descriptors.ActivityDescriptor("Hotline.Versioned", 1), new Hotline.Workflows.Activities.Flow.End());
        registry.Register(new Hotline.Workflows.Descriptors.ActivityDescriptor("Hotline.Versioned", 2), new Hotline.Workflows.Activities.Flow.End());
        var versionless = Activity("versionless", "Hotline.Versioned");
        versionless.Remove("version");

        var definition = WorkflowDefinitionSerializer.Parse(Definition(Flowchart([Activity("start", "Elsa.Start"), versionless], [])).ToJsonString(), registry);

        Assert.Equal(2, definition.Root.Activities!.Single(a => a.Id == "versionless").Version);
    }

    [Fact]
    public void Duplicate_ids_are_found_across_nested_containers()
    {
        var nested = Container("node", "Elsa.Flowchart", [Activity("start", "Elsa.Start")], []);

        var error = Reject(Definition(Flowchart([Activity("start", "Elsa.Start"), nested], [])));

        Assert.Equal(new DefinitionError("start", "id", "duplicate activity id 'start'"), Assert.Single(error.Errors));
    }

    [Theory]
    [InlineData("not json", "definition")]
    [InlineData("[1,2]", "definition")]
    [InlineData("""{"definitionId":"x"}""", "root")]
    [InlineData("""{"root":{"id":"f","type":"Elsa.Flowchart","version":1},"version":"one"}""", "version")]
    [InlineData("""{"root":{"id":"f","type":"Elsa.Flowchart","version":1,"activities":{}}}""", "activities")]
    public void Malformed_definitions_are_rejected_with_the_field(string json, string field)
    {
        var error = Assert.Throws<WorkflowDefinitionException>(() => WorkflowDefinitionSerializer.Parse(json, TestActivities.CreateRegistry()));

        Assert.Contains(error.Errors, e => e.Field == field);
    }

    [Fact]
    public void Connections_to_missing_activities_are_set_aside_as_Elsa_does()
    {
        var definition = WorkflowDefinitionSerializer.Parse(
            Definition(Flowchart([Activity("start", "Elsa.Start"), Activity("end", "Elsa.End")], [Connect("start", "end"), Connect("end", "ghost")])).ToJsonString(),
            TestActivities.CreateRegistry());

        var kept = Assert.Single(definition.Root.Connections!);
        Assert.Equal("end", kept.TargetActivityId);
        var aside = Assert.Single(definition.Root.CustomProperties["notFoundConnections"]!.AsArray());
        Assert.Equal("ghost", aside!["target"]!["activity"]!.GetValue<string>());
    }

    [Fact]
    public void Variables_must_be_unambiguous_within_their_scope()
    {
        var error = Reject(Definition(Flowchart([Activity("start", "Elsa.Start")], [], [Variable("x", "Status"), Variable("y", "Status")]), Variable("v", "A"), Variable("v", "B")));

        Assert.Contains(new DefinitionError(null, "variables[1]", "duplicate variable id 'v'"), error.Errors);
        Assert.Contains(new DefinitionError("flowchart1", "variables[1]", "duplicate variable name 'Status'"), error.Errors);
    }
}
