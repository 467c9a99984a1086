using Microsoft.Extensions.Time.Testing;
using RtcGateway.Server.Transport;

namespace RtcGateway.Server.Tests;

public class TimerWheelTests
{
    [Fact]
    public void Fires_at_deadline_never_early_at_most_one_tick_late()
    {
        var clock = new FakeTimeProvider();
        using var wheel = new TimerWheel(clock, tickMs: 5, slotCount: 16);
        long firedAt = -1;
        var entry = wheel.CreateEntry(() => firedAt = wheel.NowMs);
        wheel.Schedule(entry, 123);
        clock.Advance(TimeSpan.FromMilliseconds(120));
        Assert.Equal(-1, firedAt);
        // FakeTimeProvider runs due callbacks after moving to the target time, so step 1 ms at a time for the wheel's
        // periodic tick to run (and read the clock) when it is due.
        for (int ms = 0; ms < 10; ms++)
        {
            clock.Advance(TimeSpan.FromMilliseconds(1));
        }

        Assert.InRange(firedAt, 123, 128);
        Assert.False(entry.IsScheduled);
    }

    [Fact]
    public void Deadline_beyond_one_turn_waits_for_its_round()
    {
        var clock = new FakeTimeProvider();
        using var wheel = new TimerWheel(clock, tickMs: 10, slotCount: 8); // one turn = 80 ms
        int fired = 0;
        var entry = wheel.CreateEntry(() => fired++);
        wheel.Schedule(entry, 250);
        clock.Advance(TimeSpan.FromMilliseconds(240));
        Assert.Equal(0, fired);
        clock.Advance(TimeSpan.FromMilliseconds(20));
        Assert.Equal(1, fired);
    }

    [Fact]
    public void Rescheduling_replaces_and_cancel_removes()
    {
        var clock = new FakeTimeProvider();
        using var wheel = new TimerWheel(clock, tickMs: 5, slotCount: 64);
        int a = 0, b = 0;
        var ea = wheel.CreateEntry(() => a++);
        var eb = wheel.CreateEntry(() => b++);
        wheel.Schedule(ea, 50);
        wheel.Schedule(ea, 100);
        wheel.Schedule(eb, 50);
        wheel.Cancel(eb);
        clock.Advance(TimeSpan.FromMilliseconds(60));
        Assert.Equal((0, 0), (a, b));
        clock.Advance(TimeSpan.FromMilliseconds(50));
        Assert.Equal((1, 0), (a, b));
    }

    [Fact]
    public void Past_deadline_fires_on_next_tick_and_many_entries_share_a_slot()
    {
        var clock = new FakeTimeProvider();
        using var wheel = new TimerWheel(clock, tickMs: 5, slotCount: 4);
        clock.Advance(TimeSpan.FromMilliseconds(100));
        int fired = 0;
        var entries = Enumerable.Range(0, 50).Select(_ => wheel.CreateEntry(() => fired++)).ToList();
        for (int i = 0; i < entries.Count; i++)
        {
            wheel.Schedule(entries[i], i % 2 == 0 ? 0 : 100 + (i * 20));
        }

        clock.Advance(TimeSpan.FromMilliseconds(5));
        Assert.Equal(25, fired);
        clock.Advance(TimeSpan.FromMilliseconds(1100));
        Assert.Equal(50, fired);
    }
}
