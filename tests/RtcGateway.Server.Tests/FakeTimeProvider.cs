namespace RtcGateway.Server.Tests;

/// <summary>A manual clock: time moves only when a test calls <see cref="Advance"/>; timers fire synchronously then.</summary>
public sealed class FakeTimeProvider : TimeProvider
{
    private readonly object _gate = new();
    private readonly List<FakeTimer> _timers = new();
    private long _ticks;
    private DateTimeOffset _utcStart = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() { lock (_gate) { return _ticks; } }

    public override DateTimeOffset GetUtcNow() { lock (_gate) { return _utcStart.AddTicks(_ticks); } }

    /// <summary>Moves time without running due timers (a starved timer thread); they run at the next <see cref="Advance"/>.</summary>
    public void AdvanceWithoutTimers(TimeSpan by)
    {
        lock (_gate) { _ticks += by.Ticks; }
    }

    public void Advance(TimeSpan by)
    {
        long target;
        lock (_gate) { target = _ticks + by.Ticks; }
        while (true)
        {
            FakeTimer? next = null;
            lock (_gate)
            {
                foreach (FakeTimer t in _timers)
                {
                    if (t.DueTicks >= 0 && t.DueTicks <= target && (next is null || t.DueTicks < next.DueTicks))
                    {
                        next = t;
                    }
                }

                if (next is null) { _ticks = target; return; }
                _ticks = Math.Max(_ticks, next.DueTicks);
                next.DueTicks = next.PeriodTicks > 0 ? next.DueTicks + next.PeriodTicks : -1;
            }

            next.Callback(next.State);
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var t = new FakeTimer(this, callback, state);
        t.Change(dueTime, period);
        lock (_gate) { _timers.Add(t); }
        return t;
    }

    private sealed class FakeTimer(FakeTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        public TimerCallback Callback { get; } = callback;
        public object? State { get; } = state;
        public long DueTicks { get; set; } = -1;
        public long PeriodTicks { get; set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (owner._gate)
            {
                DueTicks = dueTime == Timeout.InfiniteTimeSpan ? -1 : owner._ticks + dueTime.Ticks;
                PeriodTicks = period == Timeout.InfiniteTimeSpan ? 0 : period.Ticks;
            }
            return true;
        }

        public void Dispose() { lock (owner._gate) { owner._timers.Remove(this); } }
        public ValueTask DisposeAsync() { Dispose(); return ValueTask.CompletedTask; }
    }
}
