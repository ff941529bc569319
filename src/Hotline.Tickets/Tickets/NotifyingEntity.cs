using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace Hotline.Tickets.Tickets;

/// <summary>
/// An entity of the ticket aggregate that says when it changes, so the store maps it with notification change tracking:
/// EF takes no snapshot of it when it is loaded and skips it when it looks for changes before a save, where it would
/// otherwise compare every property and every collection (the ticket's whole history among them) with a snapshot on
/// every action (perf.md, "tsave"). Every mapped property is set through <see cref="Set{T}"/>; EF itself writes the
/// backing fields when it materialises a row, which needs no notice.
/// </summary>
public abstract class NotifyingEntity : INotifyPropertyChanging, INotifyPropertyChanged
{
    public event PropertyChangingEventHandler? PropertyChanging;

    public event PropertyChangedEventHandler? PropertyChanged;

    /// <summary>Stores <paramref name="value"/> and tells the change tracker, if it differs from what is held.</summary>
    protected void Set<T>(ref T slot, T value, [CallerMemberName] string property = "")
    {
        if (EqualityComparer<T>.Default.Equals(slot, value))
        {
            return;
        }

        PropertyChanging?.Invoke(this, new PropertyChangingEventArgs(property));
        slot = value;
        PropertyChanged?.Invoke(this, new PropertyChangedEventArgs(property));
    }
}
