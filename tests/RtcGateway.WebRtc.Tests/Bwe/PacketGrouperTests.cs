using RtcGateway.WebRtc.Bwe;

namespace RtcGateway.WebRtc.Tests.Bwe;

public sealed class PacketGrouperTests
{
    [Fact]
    public void Packets_sent_within_5ms_form_one_group_and_the_delta_is_between_last_packets()
    {
        var grouper = new PacketGrouper();
        Assert.False(grouper.TryAdd(0, 100_000, 1200, out _));
        Assert.False(grouper.TryAdd(2_000, 102_000, 1200, out _));      // 2 ms after the group's first: same group
        Assert.False(grouper.TryAdd(10_000, 112_000, 1200, out _));     // new group; no group before the first to compare
        Assert.False(grouper.TryAdd(12_000, 115_000, 1000, out _));     // same (second) group
        Assert.True(grouper.TryAdd(20_000, 125_000, 1200, out PacketGroupDelta delta)); // completes the second group

        // T: 12,000 − 2,000; t: 115,000 − 102,000; d = 13 − 10 = 3 ms.
        Assert.Equal(10_000, delta.SendDeltaUs);
        Assert.Equal(13_000, delta.ArrivalDeltaUs);
        Assert.Equal(3.0, delta.DelayVariationMs, 9);
        Assert.Equal(115_000, delta.ArrivalTimeUs);
        Assert.Equal(2200, delta.GroupBytes);
    }

    [Fact]
    public void A_packet_arriving_within_5ms_with_negative_delay_variation_joins_the_burst()
    {
        var grouper = new PacketGrouper();
        grouper.TryAdd(0, 100_000, 1200, out _);
        // Sent 20 ms later but released 3 ms after the previous one by a queue: d = 3 − 20 < 0 → same group (§5.2).
        Assert.False(grouper.TryAdd(20_000, 103_000, 1200, out _));
        Assert.False(grouper.TryAdd(40_000, 140_000, 1200, out _));
        Assert.True(grouper.TryAdd(60_000, 160_000, 1200, out PacketGroupDelta delta));

        Assert.Equal(40_000 - 20_000, delta.SendDeltaUs);
        Assert.Equal(140_000 - 103_000, delta.ArrivalDeltaUs);
    }

    [Fact]
    public void A_packet_sent_before_the_current_group_is_ignored_and_counted()
    {
        var grouper = new PacketGrouper();
        grouper.TryAdd(0, 100_000, 1200, out _);
        grouper.TryAdd(10_000, 110_000, 1200, out _);
        Assert.False(grouper.TryAdd(5_000, 111_000, 1200, out _));
        Assert.Equal(1, grouper.ReorderedPackets);
        Assert.True(grouper.TryAdd(20_000, 120_000, 1200, out PacketGroupDelta delta));
        Assert.Equal(10_000, delta.SendDeltaUs);
        Assert.Equal(10_000, delta.ArrivalDeltaUs);
    }

    [Theory]
    [InlineData(4_000_000)]
    [InlineData(-4_000_000)]
    public void An_arrival_clock_jump_over_3s_restarts_the_grouping(long jumpUs)
    {
        var grouper = new PacketGrouper();
        grouper.TryAdd(0, 10_000_000, 1200, out _);
        grouper.TryAdd(10_000, 10_010_000, 1200, out _);
        Assert.False(grouper.TryAdd(20_000, 10_020_000 + jumpUs, 1200, out _));
        Assert.Equal(1, grouper.Resets);
        // The next group boundary has no previous group to compare with: no delta spanning the jump.
        Assert.False(grouper.TryAdd(30_000, 10_030_000 + jumpUs, 1200, out _));
        Assert.True(grouper.TryAdd(40_000, 10_040_000 + jumpUs, 1200, out PacketGroupDelta delta));
        Assert.Equal(10_000, delta.ArrivalDeltaUs);
    }

    [Fact]
    public void A_group_arriving_before_the_previous_one_gives_no_delta()
    {
        var grouper = new PacketGrouper();
        grouper.TryAdd(0, 100_000, 1200, out _);
        grouper.TryAdd(10_000, 90_000, 1200, out _);       // arrives 10 ms before the group sent earlier
        Assert.False(grouper.TryAdd(20_000, 120_000, 1200, out _));
        Assert.Equal(1, grouper.ReorderedGroups);
        Assert.Equal(0, grouper.Resets);
    }
}
