namespace Hotline.Application.Queues;

/// <summary>A unit as a picker or filter lists it (<see cref="Units.UnitTree.OptionsAsync"/>).</summary>
public sealed record UnitOption(Guid Id, string Name);
