namespace RtcGateway.Server.Transport;

/// <summary>
/// A hashed timer wheel (Varghese &amp; Lauck) driven by a <see cref="TimeProvider"/>: one periodic provider timer of
/// <c>tickMs</c> serves every session's protocol timeout (ICE consent, DTLS, RTCP SR, keyframe coalescing), so there is
/// one timer in the process however many viewers connect. Each session owns one <see cref="TimerWheelEntry"/> that holds at
/// most one deadline; scheduling again replaces it. Callbacks run on the provider's timer thread and must be short
/// (post work to the session's queue).
/// </summary>
public sealed class TimerWheel : IDisposable
{
    private readonly TimeProvider _time;
    private readonly long _startTimestamp;
    private readonly int _tickMs;
    private readonly TimerWheelEntry?[] _slots;
    private readonly object _gate = new();
    private readonly ITimer _timer;
    private long _processedTick;
    private bool _disposed;

    /// <summary>Creates the wheel and starts its periodic tick.</summary>
    /// <param name="time">Clock and timer source.</param>
    /// <param name="tickMs">Resolution of the wheel, ms (deadlines fire up to one tick late, never early). 1–1000.</param>
    /// <param name="slotCount">Number of slots (a power of two); deadlines further than slotCount×tickMs take several rounds.</param>
    /// <exception cref="ArgumentOutOfRangeException">tickMs or slotCount out of range.</exception>
    public TimerWheel(TimeProvider time, int tickMs = 5, int slotCount = 512)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(tickMs, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(tickMs, 1000);
        if (slotCount < 2 || (slotCount & (slotCount - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(slotCount), slotCount, "slotCount must be a power of two ≥ 2");
        }

        _time = time;
        _tickMs = tickMs;
        _slots = new TimerWheelEntry?[slotCount];
        _startTimestamp = time.GetTimestamp();
        _timer = time.CreateTimer(_ => Advance(), null, TimeSpan.FromMilliseconds(tickMs), TimeSpan.FromMilliseconds(tickMs));
    }

    /// <summary>Milliseconds elapsed on the wheel's clock since it was created: the time base of every deadline.</summary>
    public long NowMs => (long)_time.GetElapsedTime(_startTimestamp).TotalMilliseconds;

    /// <summary>Creates an entry that invokes <paramref name="callback"/> when its deadline passes.</summary>
    public TimerWheelEntry CreateEntry(Action callback) => new(callback);

    /// <summary>Sets (or replaces) the entry's deadline, in <see cref="NowMs"/> milliseconds. A deadline in the past fires
    /// at the next tick.</summary>
    public void Schedule(TimerWheelEntry entry, long deadlineMs)
    {
        long dueTick = Math.Max(CeilDiv(deadlineMs, _tickMs), 0);
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            Unlink(entry);
            if (dueTick <= _processedTick)
            {
                dueTick = _processedTick + 1;
            }

            entry.DueTick = dueTick;
            int slot = (int)(dueTick & (_slots.Length - 1));
            entry.Next = _slots[slot];
            if (entry.Next is not null)
            {
                entry.Next.Previous = entry;
            }

            entry.Previous = null;
            entry.Slot = slot;
            _slots[slot] = entry;
        }
    }

    /// <summary>Removes the entry's deadline, if any.</summary>
    public void Cancel(TimerWheelEntry entry)
    {
        lock (_gate)
        {
            Unlink(entry);
        }
    }

    /// <summary>Processes every tick up to now; called by the provider's timer (and by tests).</summary>
    internal void Advance()
    {
        List<TimerWheelEntry>? due = null;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            long nowTick = NowMs / _tickMs;
            // After a long pause (debugger, suspended VM) do not walk millions of ticks: one full turn visits every slot.
            long from = Math.Max(_processedTick + 1, nowTick - _slots.Length + 1);
            for (long tick = from; tick <= nowTick; tick++)
            {
                int slot = (int)(tick & (_slots.Length - 1));
                TimerWheelEntry? e = _slots[slot];
                while (e is not null)
                {
                    TimerWheelEntry? next = e.Next;
                    if (e.DueTick <= nowTick)
                    {
                        Unlink(e);
                        (due ??= new List<TimerWheelEntry>()).Add(e);
                    }

                    e = next;
                }
            }

            _processedTick = Math.Max(_processedTick, nowTick);
        }

        if (due is null)
        {
            return;
        }

        foreach (TimerWheelEntry e in due)
        {
            e.Callback();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
        }

        _timer.Dispose();
    }

    private void Unlink(TimerWheelEntry entry)
    {
        if (entry.Slot < 0)
        {
            return;
        }

        if (entry.Previous is not null)
        {
            entry.Previous.Next = entry.Next;
        }
        else
        {
            _slots[entry.Slot] = entry.Next;
        }

        if (entry.Next is not null)
        {
            entry.Next.Previous = entry.Previous;
        }

        entry.Next = entry.Previous = null;
        entry.Slot = -1;
    }

    private static long CeilDiv(long a, long b) => a >= 0 ? (a + b - 1) / b : a / b;
}

/// <summary>One deadline holder of a <see cref="TimerWheel"/> (one per session). Not shared between wheels.</summary>
public sealed class TimerWheelEntry
{
    internal TimerWheelEntry(Action callback) => Callback = callback;

    internal Action Callback { get; }

    internal TimerWheelEntry? Next { get; set; }

    internal TimerWheelEntry? Previous { get; set; }

    internal int Slot { get; set; } = -1;

    internal long DueTick { get; set; }

    /// <summary>True while a deadline is pending.</summary>
    public bool IsScheduled => Slot >= 0;
}
