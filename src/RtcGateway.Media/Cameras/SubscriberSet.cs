namespace RtcGateway.Media.Cameras;

/// <summary>
/// Copy-on-write set of subscriber callbacks: add/remove allocate, <see cref="Snapshot"/> and delivery do not.
/// Thread-safe.
/// </summary>
internal sealed class SubscriberSet<T>
{
    private readonly Lock _lock = new();
    private Action<T>[] _items = [];

    public int Count => Volatile.Read(ref _items).Length;

    public Action<T>[] Snapshot => Volatile.Read(ref _items);

    /// <summary>Adds a callback; returns the new count.</summary>
    public int Add(Action<T> callback)
    {
        lock (_lock)
        {
            _items = [.. _items, callback];
            return _items.Length;
        }
    }

    /// <summary>Removes one registration of <paramref name="callback"/> (by reference); returns the new count, or -1 when absent.</summary>
    public int Remove(Action<T> callback)
    {
        lock (_lock)
        {
            int i = Array.IndexOf(_items, callback);
            if (i < 0)
            {
                return -1;
            }

            var next = new Action<T>[_items.Length - 1];
            Array.Copy(_items, 0, next, 0, i);
            Array.Copy(_items, i + 1, next, i, _items.Length - i - 1);
            _items = next;
            return next.Length;
        }
    }
}
