using Microsoft.Extensions.Time.Testing;

namespace RtcGateway.Server.Tests.Control;

/// <summary>
/// A clock whose timer callbacks run on their own <see cref="FakeTimeProvider"/>: a test moves <see cref="Time"/> (what
/// <see cref="GetTimestamp"/> and <see cref="GetUtcNow"/> read) and <see cref="TimerThread"/> (when callbacks run)
/// independently, modelling a starved timer thread whose callbacks run late, after other work already saw the later time.
/// </summary>
internal sealed class StarvedTimerClock : TimeProvider
{
    /// <summary>The time the code under test reads.</summary>
    public FakeTimeProvider Time { get; } = new();

    /// <summary>The timer thread's progress: timers created through this clock fire when this one is advanced.</summary>
    public FakeTimeProvider TimerThread { get; } = new();

    public override long TimestampFrequency => Time.TimestampFrequency;

    public override long GetTimestamp() => Time.GetTimestamp();

    public override DateTimeOffset GetUtcNow() => Time.GetUtcNow();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        TimerThread.CreateTimer(callback, state, dueTime, period);
}
