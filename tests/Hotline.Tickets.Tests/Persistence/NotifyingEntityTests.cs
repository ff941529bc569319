using System.ComponentModel;
using System.Runtime.CompilerServices;
using Hotline.Tickets.Persistence;
using Hotline.Tickets.Tickets;
using Microsoft.EntityFrameworkCore;

namespace Hotline.Tickets.Tests.Persistence;

/// <summary>
/// An entity mapped with notification change tracking is saved only as far as it notifies: a mapped property set without a
/// notice would be lost without an error. Every such property of every such entity must notify when it changes.
/// </summary>
public sealed class NotifyingEntityTests
{
    [Fact]
    public void Every_mapped_property_of_a_notifying_entity_notifies_when_it_changes()
    {
        using var db = new HotlineDbContext(new DbContextOptionsBuilder<HotlineDbContext>().UseSqlite("Data Source=:memory:").Options);
        var notifying = db.Model.GetEntityTypes()
            .Where(t => typeof(NotifyingEntity).IsAssignableFrom(t.ClrType))
            .ToList();
        Assert.Equal(
            [nameof(DeadlineClock), nameof(Ticket), nameof(UnitAssignment)],
            notifying.Select(t => t.ClrType.Name).Order(StringComparer.Ordinal));

        foreach (var type in notifying)
        {
            Assert.Equal(ChangeTrackingStrategy.ChangingAndChangedNotifications, type.GetChangeTrackingStrategy());
            var mapped = type.GetProperties().Select(p => p.PropertyInfo).Concat(type.GetNavigations().Select(n => n.PropertyInfo))
                .OfType<System.Reflection.PropertyInfo>().Where(p => p.GetSetMethod(nonPublic: true) is not null).ToList();
            Assert.NotEmpty(mapped);
            foreach (var property in mapped)
            {
                var entity = (NotifyingEntity)RuntimeHelpers.GetUninitializedObject(type.ClrType);
                var changing = new List<string?>();
                var changed = new List<string?>();
                ((INotifyPropertyChanging)entity).PropertyChanging += (_, e) => changing.Add(e.PropertyName);
                ((INotifyPropertyChanged)entity).PropertyChanged += (_, e) => changed.Add(e.PropertyName);
                property.GetSetMethod(nonPublic: true)!.Invoke(entity, [Other(property.PropertyType)]);
                Assert.True(changing.SequenceEqual([property.Name]) && changed.SequenceEqual([property.Name]),
                    $"{type.ClrType.Name}.{property.Name} changed without notifying");
            }
        }
    }

    // A value other than the type's default, so the setter has a change to report.
    private static object Other(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        return t == typeof(string) ? "x"
            : t == typeof(bool) ? true
            : t == typeof(int) ? 7
            : t == typeof(Guid) ? Guid.NewGuid()
            : t == typeof(DateTimeOffset) ? DateTimeOffset.UnixEpoch.AddDays(1)
            : t.IsEnum ? Enum.GetValues(t).Cast<object>().Last()
            : RuntimeHelpers.GetUninitializedObject(t);
    }
}
