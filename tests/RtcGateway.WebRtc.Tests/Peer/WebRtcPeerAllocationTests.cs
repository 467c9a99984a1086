using RtcGateway.WebRtc.Rtp;

namespace RtcGateway.WebRtc.Tests.Peer;

/// <summary>The per-viewer send path (RTP header, SRTP protect, history bookkeeping) allocates nothing after warm-up.</summary>
public sealed class WebRtcPeerAllocationTests
{
    [Fact]
    public void SendFrame_of_a_p_frame_allocates_zero_bytes_after_warm_up()
    {
        using PeerTestBrowser browser = PeerTestBrowser.CreateConnected(new PeerTestSettings { Seed = 71 }, TimeSpan.FromSeconds(20));
        browser.Transmitter.Discard = true;
        var random = new Random(71);
        using var frame = new FrameLease(new H264Packetizer().Packetize(TestAccessUnits.PFrame(random, 6000), RtpPayloadBudget.DefaultMaxPayloadSize));
        Assert.True(frame.Frame.PayloadCount > 1);

        // Warm-up fills the history ring past its capacity (evictions included) and JITs every branch.
        for (int i = 0; i < 300; i++)
        {
            browser.Clock.Advance(33);
            Assert.True(browser.Peer.SendFrame(frame.Frame, browser.Clock.UnixUs, browser.Clock.Now));
        }

        long sentBefore = browser.Transmitter.Count;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            browser.Clock.Advance(33);
            browser.Peer.SendFrame(frame.Frame, browser.Clock.UnixUs, browser.Clock.Now);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(100 * frame.Frame.PayloadCount, browser.Transmitter.Count - sentBefore);
        Assert.Equal(0, allocated);
    }
}
