using RtcGateway.Media.Cameras;

namespace RtcGateway.Media.Tests.Cameras;

public sealed class KeyframeScheduleTests
{
    private const long Ms = 1_000_000;

    /// <summary>Simulates the GstVideoEncoder side: the first frame at or after a pending deadline is keyed.</summary>
    private static List<long> RunEncoder(double fps, long intervalMs, double seconds, long firstPtsNs = 0)
    {
        var schedule = new KeyframeSchedule(intervalMs * Ms);
        var idrs = new List<long>();
        long pending = -1;
        int frames = (int)(seconds * fps);
        for (int i = 0; i < frames; i++)
        {
            long pts = firstPtsNs + (long)Math.Round(i * 1e9 / fps);
            bool key = i == 0 || (pending >= 0 && pts >= pending);
            if (key)
            {
                pending = -1;
                idrs.Add(pts);
            }

            long next = schedule.OnAccessUnit(pts, key);
            if (next >= 0)
            {
                pending = next;
            }
        }

        return idrs;
    }

    [Theory]
    [InlineData(12.5, 1000)]
    [InlineData(29.83, 1000)]
    [InlineData(30, 500)]
    [InlineData(7, 2000)]
    [InlineData(60, 100)]
    public void IdrSpacing_IsTheIntervalWithinOneFrame_WithoutDrift(double fps, long intervalMs)
    {
        List<long> idrs = RunEncoder(fps, intervalMs, 30, firstPtsNs: 123_456_789);
        double frameMs = 1000 / fps;
        Assert.True(idrs.Count >= 30_000 / intervalMs - 1, $"{idrs.Count} IDRs");
        for (int i = 1; i < idrs.Count; i++)
        {
            Assert.InRange((idrs[i] - idrs[i - 1]) / (double)Ms, intervalMs - frameMs - 0.01, intervalMs + frameMs + 0.01);
        }

        // deadlines advance from the previous deadline, so the average spacing is the interval (no drift)
        double average = (idrs[^1] - idrs[0]) / (double)Ms / (idrs.Count - 1);
        Assert.InRange(average, intervalMs - frameMs / (idrs.Count - 1) - 0.01, intervalMs + frameMs / (idrs.Count - 1) + 0.01);
    }

    [Fact]
    public void KeyframeBeforeTheDeadline_LeavesTheScheduleAlone()
    {
        var s = new KeyframeSchedule(1000 * Ms);
        Assert.Equal(1000 * Ms, s.OnAccessUnit(0, true));
        Assert.Equal(-1, s.OnAccessUnit(40 * Ms, false));
        Assert.Equal(-1, s.OnAccessUnit(400 * Ms, true)); // on-demand IDR
        Assert.Equal(1000 * Ms, s.PendingDeadlineNs);
        Assert.Equal(2000 * Ms, s.OnAccessUnit(1040 * Ms, true));
    }

    [Fact]
    public void FarBehind_RestartsFromTheKeyframe()
    {
        var s = new KeyframeSchedule(1000 * Ms);
        Assert.Equal(1000 * Ms, s.OnAccessUnit(0, true));
        Assert.Equal(6000 * Ms, s.OnAccessUnit(5000 * Ms, true));
    }

    [Fact]
    public void Reset_StartsANewScheduleAtTheNextKeyframe()
    {
        var s = new KeyframeSchedule(500 * Ms);
        Assert.Equal(500 * Ms, s.OnAccessUnit(0, true));
        s.Reset();
        Assert.Equal(-1, s.PendingDeadlineNs);
        Assert.Equal(820 * Ms, s.OnAccessUnit(320 * Ms, true));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void DisabledSchedule_NeverRequests(long interval)
    {
        var s = new KeyframeSchedule(interval);
        Assert.False(s.Enabled);
        Assert.Equal(-1, s.OnAccessUnit(0, true));
        Assert.Equal(-1, s.OnAccessUnit(5000 * Ms, true));
    }
}
