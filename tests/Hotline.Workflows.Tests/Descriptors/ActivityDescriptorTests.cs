using System.Text.Json;
using System.Text.Json.Nodes;
using Hotline.Workflows.Activities;
using Hotline.Workflows.Descriptors;
using Hotline.Workflows.Serialization;
using Hotline.Workflows.Tests.Support;

namespace Hotline.Workflows.Tests.Descriptors;

public class ActivityDescriptorTests
{
    private static JsonArray DescriptorsJson(ActivityRegistry registry) =>
        JsonNode.Parse(JsonSerializer.Serialize(registry.Descriptors, WorkflowJson.Options))!.AsArray();

    private static JsonNode Descriptor(JsonArray all, string typeName) => all.Single(d => d!["typeName"]!.GetValue<string>() == typeName)!;

    [Fact]
    public void Built_ins_carry_the_flags_the_designer_needs()
    {
        var all = DescriptorsJson(ActivityRegistry.CreateWithBuiltIns());

        Assert.True(Descriptor(all, "Elsa.Start")["isStart"]!.GetValue<bool>());
        Assert.True(Descriptor(all, "Elsa.End")["isTerminal"]!.GetValue<bool>());
        Assert.True(Descriptor(all, "Elsa.Finish")["isTerminal"]!.GetValue<bool>());
        Assert.True(Descriptor(all, "Elsa.Flowchart")["isContainer"]!.GetValue<bool>());
        Assert.False(Descriptor(all, "Elsa.Flowchart")["isBrowsable"]!.GetValue<bool>());
        Assert.Equal("Trigger", Descriptor(all, "Elsa.Event")["kind"]!.GetValue<string>());
        Assert.Equal(["True", "False"], Descriptor(all, "Elsa.FlowDecision")["ports"]!.AsArray().Select(p => p!["name"]!.GetValue<string>()));
        Assert.Equal("dynamic-outcomes", Descriptor(all, "Elsa.FlowFork")["inputs"]![0]!["uiHint"]!.GetValue<string>());
        Assert.Equal("Elsa.Workflows.Activities.Flowchart.Models.FlowJoinMode, Elsa.Workflows.Core", Descriptor(all, "Elsa.FlowJoin")["inputs"]![0]!["typeName"]!.GetValue<string>());
        Assert.Equal("Scheduling", Descriptor(all, "Elsa.Delay")["category"]!.GetValue<string>());
    }

    [Fact]
    public void Every_descriptor_is_unique_and_has_no_null_collection_or_hidden_input()
    {
        var all = DescriptorsJson(ActivityRegistry.CreateWithBuiltIns());

        Assert.Equal(16, all.Count);
        Assert.Equal(all.Count, all.Select(d => (d!["typeName"]!.GetValue<string>(), d["version"]!.GetValue<int>())).Distinct().Count());
        foreach (var descriptor in all)
        {
            foreach (var key in new[] { "inputs", "outputs", "ports" })
                Assert.IsType<JsonArray>(descriptor![key]);
            Assert.IsType<JsonObject>(descriptor!["customProperties"]);
            Assert.False(string.IsNullOrEmpty(descriptor["name"]?.GetValue<string>()));
            Assert.False(string.IsNullOrEmpty(descriptor["category"]?.GetValue<string>()));
            Assert.All(descriptor["inputs"]!.AsArray(), input => Assert.True(input!["isBrowsable"]!.GetValue<bool>()));
        }
    }

    [Fact]
    public void A_third_party_activity_serializes_in_Studios_shape()
    {
        var json = Descriptor(DescriptorsJson(TestActivities.CreateRegistry()), "Hotline.ReviewReturn");

        Assert.Equal("Hotline", json["namespace"]!.GetValue<string>());
        Assert.Equal("ReviewReturn", json["name"]!.GetValue<string>());
        Assert.Equal("Action", json["kind"]!.GetValue<string>());
        var input = json["inputs"]![0]!;
        Assert.Equal("ReviewerRole", input["name"]!.GetValue<string>());
        Assert.Equal("dropdown", input["uiHint"]!.GetValue<string>());
        Assert.True(input["isWrapped"]!.GetValue<bool>());
        Assert.Equal("Literal", input["defaultSyntax"]!.GetValue<string>());
        var items = input["uiSpecifications"]!["dropdown"]!["selectList"]!["items"]!.AsArray();
        Assert.Equal("city-reviewer", items[1]!["value"]!.GetValue<string>());
        Assert.Equal("Flow", json["ports"]![0]!["type"]!.GetValue<string>());
        Assert.True(json["ports"]![1]!["isBrowsable"]!.GetValue<bool>());
    }

    [Fact]
    public void Registering_the_same_type_and_version_twice_fails()
    {
        var registry = ActivityRegistry.CreateWithBuiltIns();

        var error = Assert.Throws<InvalidOperationException>(() => registry.Register<TestActivities.Throw>(new ActivityDescriptor("Elsa.End")));

        Assert.Contains("Elsa.End v1", error.Message, StringComparison.Ordinal);
        Assert.NotNull(registry.Find("Elsa.End", 1));
        Assert.Null(registry.Find("Elsa.End", 2));
    }

    [Fact]
    public void Expression_list_offers_a_language_beyond_the_basic_four()
    {
        // Studio crashes (NoElements) when only Literal/Object/Variable/Input are offered.
        Assert.Contains(DescriptorLists.Expressions, e => e.Type == "JavaScript" && e.Properties["MonacoLanguage"] == "javascript");
        Assert.Equal(DescriptorLists.VariableTypes.Count, DescriptorLists.VariableTypes.Select(v => v.TypeName).Distinct().Count());
        Assert.Equal(5, DescriptorLists.StorageDrivers.Single(d => d.DisplayName == "Workflow Instance").Priority);
    }

    [Fact]
    public void Activity_result_refuses_a_suspension_that_could_never_resume()
    {
        Assert.Throws<ArgumentException>(() => ActivityResult.Suspend());
        Assert.Equal(["Done"], ActivityResult.Complete().Outcomes);
    }
}
