namespace Hotline.Tickets; /// <summary>Marks the domain assembly.</summary>
public static class AssemblyMarker;
