namespace RtcGateway.Media.Tests.Runtime;

/// <summary>A manual clock: time moves only on <see cref="Advance"/>, which fires due timers on the calling thread.</summary>
internal sealed class FakeTimeProvider : TimeProvider
{
    private readonly object _lock = new();
    private readonly List<FakeTimer> _timers = [];
    private DateTimeOffset _now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private long _ticks;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_lock)
        {
            return _now;
        }
    }

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp()
    {
        lock (_lock)
        {
            return _ticks;
        }
    }

    public void Advance(TimeSpan by)
    {
        List<FakeTimer> due;
        lock (_lock)
        {
            _now += by;
            _ticks += by.Ticks;
            due = _timers.Where(t => t.DueTicks <= _ticks).ToList();
            foreach (FakeTimer t in due)
            {
                _timers.Remove(t);
            }
        }

        foreach (FakeTimer t in due)
        {
            t.Fire();
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var t = new FakeTimer(this, callback, state);
        t.Change(dueTime, period);
        return t;
    }

    private void Schedule(FakeTimer t, TimeSpan due)
    {
        lock (_lock)
        {
            _timers.Remove(t);
            if (due != Timeout.InfiniteTimeSpan)
            {
                t.DueTicks = _ticks + due.Ticks;
                _timers.Add(t);
            }
        }
    }

    private void Unschedule(FakeTimer t)
    {
        lock (_lock)
        {
            _timers.Remove(t);
        }
    }

    private sealed class FakeTimer(FakeTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        public long DueTicks { get; set; }

        public void Fire() => callback(state);

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            owner.Schedule(this, dueTime);
            return true;
        }

        public void Dispose() => owner.Unschedule(this);

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
