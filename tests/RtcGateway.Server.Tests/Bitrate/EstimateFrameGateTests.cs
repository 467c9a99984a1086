using RtcGateway.Server.Bitrate;

namespace RtcGateway.Server.Tests.Bitrate;

public sealed class EstimateFrameGateTests
{
    [Fact]
    public void Frames_pass_while_they_fit_the_estimate_and_the_bucket_holds_500_ms()
    {
        var gate = new EstimateFrameGate();
        // 800 kbit/s: bucket 400 kbit, refilled 800 bits per ms.
        Assert.True(gate.Admit(25_000, false, 800_000, 0));   // 200 kbit of 400
        Assert.True(gate.Admit(25_000, false, 800_000, 0));   // 0 left
        Assert.False(gate.Admit(1_000, false, 800_000, 0));   // 8 kbit do not fit
        Assert.False(gate.Admit(1_000, false, 800_000, 9));   // 7.2 kbit refilled: still not
        Assert.True(gate.Admit(1_000, false, 800_000, 10));   // 8 kbit
        Assert.True(gate.Admit(50_000, false, 800_000, 10_000)); // long idle: capped at 400 kbit, all of it
        Assert.False(gate.Admit(1, false, 800_000, 10_000));
    }

    [Fact]
    public void A_keyframe_passes_unless_the_bucket_is_in_debt_and_may_take_it_into_debt()
    {
        var gate = new EstimateFrameGate();
        Assert.True(gate.Admit(100_000, true, 100_000, 0));   // 800 kbit against a 50 kbit bucket: debt of 750 kbit
        Assert.False(gate.Admit(10, true, 100_000, 7_000));   // 700 kbit repaid: still 50 kbit in debt
        Assert.True(gate.Admit(10, true, 100_000, 7_500));    // debt repaid
    }

    [Fact]
    public void Time_going_backwards_or_a_zero_estimate_never_admits_free_bits()
    {
        var gate = new EstimateFrameGate();
        Assert.False(gate.Admit(1, false, 0, 0));
        Assert.True(gate.Admit(1, true, 0, 0)); // a keyframe at zero debt still passes
        Assert.False(gate.Admit(1, true, 0, 1000));
        var g2 = new EstimateFrameGate();
        Assert.True(g2.Admit(6_250, false, 100_000, 1000)); // the whole 50 kbit bucket
        Assert.False(g2.Admit(1, false, 100_000, 500));    // earlier time: no refill
    }
}
