namespace Hotline.Tickets.Tests; public class Placeholder { [Fact] public void Builds() => Assert.True(typeof(Hotline.Tickets.AssemblyMarker).Assembly is not null); }
