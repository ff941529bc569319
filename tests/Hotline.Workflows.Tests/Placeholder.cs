namespace Hotline.Workflows.Tests; public class Placeholder { [Fact] public void Builds() => Assert.True(typeof(Hotline.Workflows.Instances.WorkflowInstance).Assembly is not null); }
