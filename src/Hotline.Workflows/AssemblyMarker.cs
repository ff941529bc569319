namespace Hotline.Workflows; /// <summary>Marks the engine assembly.</summary>
public static class AssemblyMarker;
