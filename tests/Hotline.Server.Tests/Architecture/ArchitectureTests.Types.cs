using System.Reflection;
using System.Runtime.CompilerServices;
using Hotline.Server.Tests.Hosting;
using Hotline.Tickets.Persistence;
using Hotline.Tickets.Tickets;
using Hotline.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Hotline.Server.Tests.Architecture;

/// <summary>
/// The type-level rules of docs/architecture.md: the domain reads without EF Core, Identity or MailKit outside its
/// persistence (the types the page names excepted), and the application layer and the host ask the engine's runtime
/// instead of reading its tables (the few host types the page names excepted).
/// </summary>
public sealed partial class ArchitectureTests
{
    private static readonly string[] StoreNamespaces = ["Microsoft.EntityFrameworkCore", "Microsoft.AspNetCore.Identity", "MailKit", "MimeKit"];

    [Fact]
    public void Domain_types_outside_persistence_use_no_EF_Core_Identity_or_MailKit()
    {
        var allowed = Listed("Domain types that may use EF Core, Identity or MailKit outside `Persistence/`:");

        var breaches = UsesByType(typeof(Ticket).Assembly)
            .Where(u => !u.Type.Namespace!.StartsWith(typeof(HotlineDbContext).Namespace!, StringComparison.Ordinal))
            .Where(u => !IsEntityConfiguration(u.Type) && !allowed.Contains(u.Type.Name))
            .Select(u => (u.Type, Store: u.Uses.Where(IsStoreType).Select(t => t.FullName ?? t.Name).Distinct().Order().ToList()))
            .Where(u => u.Store.Count > 0)
            .Select(u => $"{u.Type.FullName} uses {string.Join(", ", u.Store.Take(3))}")
            .ToList();

        Assert.True(breaches.Count == 0, "Domain types reach the store outside Persistence/ (move the code there, or name the type in docs/architecture.md):\n" + string.Join("\n", breaches));
    }

    [Fact]
    public void The_application_and_the_host_ask_the_workflow_runtime_not_its_tables()
    {
        var allowed = Listed("Host types that may open the engine's `WorkflowDbContext`:");

        var breaches = Projects.Where(p => p.GetName().Name is "Hotline.Application" or "Hotline.Server")
            .SelectMany(UsesByType)
            .Where(u => u.Uses.Any(t => typeof(WorkflowDbContext).IsAssignableFrom(t)) && !allowed.Contains(u.Type.Name))
            .Select(u => u.Type.FullName)
            .ToList();

        Assert.True(breaches.Count == 0, "These read the engine's tables; ask WorkflowRuntime instead: " + string.Join(", ", breaches));
    }

    [Fact]
    public void The_type_rules_catch_a_breach()
    {
        // The scanner sees a query in an async method's body, and a domain type that holds none stays clean.
        Assert.Contains(TypeUses(typeof(TicketStore)), t => t == typeof(EntityFrameworkQueryableExtensions));
        Assert.DoesNotContain(TypeUses(typeof(Ticket)), IsStoreType);
        Assert.Contains(TypeUses(typeof(Hotline.Server.Hosting.HotlineStore)), t => typeof(WorkflowDbContext).IsAssignableFrom(t));
        Assert.NotEmpty(Listed("Domain types that may use EF Core, Identity or MailKit outside `Persistence/`:"));
    }

    private static bool IsStoreType(Type type) =>
        type.Namespace is { } ns && StoreNamespaces.Any(s => ns == s || ns.StartsWith(s + ".", StringComparison.Ordinal));

    private static bool IsEntityConfiguration(Type type) =>
        type.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEntityTypeConfiguration<>));

    /// <summary>Each top-level type of <paramref name="assembly"/> with what it and its nested types use.</summary>
    private static IEnumerable<(Type Type, HashSet<Type> Uses)> UsesByType(Assembly assembly) =>
        assembly.GetTypes()
            .GroupBy(TypeReferences.Outermost)
            .Where(g => !g.Key.IsDefined(typeof(CompilerGeneratedAttribute)) && g.Key.Namespace is not null)
            .Select(g => (g.Key, g.SelectMany(TypeReferences.Of).ToHashSet()));

    private static HashSet<Type> TypeUses(Type type) =>
        type.Assembly.GetTypes().Where(t => TypeReferences.Outermost(t) == type).SelectMany(TypeReferences.Of).ToHashSet();

    /// <summary>The backticked type names of the docs/architecture.md line that starts with <paramref name="label"/>.</summary>
    private static HashSet<string> Listed(string label)
    {
        var line = File.ReadAllLines(System.IO.Path.Combine(RepositoryRoot.Path, "docs", "architecture.md"))
            .SingleOrDefault(l => l.StartsWith(label, StringComparison.Ordinal));
        Assert.True(line is not null, $"docs/architecture.md has no line starting '{label}'.");
        return [.. Quoted().Matches(line[label.Length..]).Select(m => m.Groups[1].Value)];
    }
}
