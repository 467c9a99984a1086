using System.Net;
using RtcGateway.WebRtc.Peer;

namespace RtcGateway.WebRtc.Tests.Peer;

/// <summary>ICE consent (RFC 7675), connect timeout and re-nomination, driven only by the fake clock.</summary>
public sealed class WebRtcPeerIceTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(20);

    [Fact]
    public void Consent_expires_without_checks()
    {
        using PeerTestBrowser browser = PeerTestBrowser.CreateConnected(new PeerTestSettings { Seed = 31 }, Generous);
        long connectedAt = browser.Clock.MonotonicMs;
        browser.AdvanceTo(connectedAt + browser.Options.ConsentTimeoutMs - 1);
        Assert.Equal(PeerState.Connected, browser.Peer.State);
        browser.AdvanceTo(connectedAt + browser.Options.ConsentTimeoutMs);
        Assert.Equal(PeerState.Closed, browser.Peer.State);
        PeerEvent closed = Assert.Single(browser.Events, e => e.Kind == PeerEventKind.Closed);
        Assert.Contains("consent", closed.Reason, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Checks_every_five_seconds_keep_consent_past_the_timeout()
    {
        using PeerTestBrowser browser = PeerTestBrowser.CreateConnected(new PeerTestSettings { Seed = 32 }, Generous);
        long start = browser.Clock.MonotonicMs;
        for (int i = 1; i <= 12; i++)
        {
            browser.AdvanceTo(start + (i * 5000));
            browser.SendCheck(useCandidate: false);
        }

        Assert.True(browser.Clock.MonotonicMs - start > 3 * browser.Options.ConsentTimeoutMs);
        Assert.Equal(PeerState.Connected, browser.Peer.State);
        Assert.Equal(0, browser.CountEvents(PeerEventKind.Closed));
        Assert.True(browser.Srtcp.Count >= 60, "sender reports kept flowing"); // one per second

        // Then silence: closed one consent timeout after the last check.
        long lastCheck = browser.Clock.MonotonicMs;
        browser.AdvanceTo(lastCheck + browser.Options.ConsentTimeoutMs);
        Assert.Equal(PeerState.Closed, browser.Peer.State);
    }

    [Fact]
    public void Connect_times_out_when_no_check_arrives()
    {
        using PeerTestBrowser browser = PeerTestBrowser.Create(new PeerTestSettings { Seed = 33, ConnectTimeoutMs = 30_000 });
        long created = browser.Clock.MonotonicMs;
        Assert.Equal(created + 30_000, browser.Peer.NextTimeoutMs);
        browser.AdvanceTo(created + 29_999);
        Assert.Equal(PeerState.Connecting, browser.Peer.State);
        browser.AdvanceTo(created + 30_000);
        Assert.Equal(PeerState.Closed, browser.Peer.State);
        Assert.Contains("connect timeout", browser.Peer.CloseReason, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(browser.Transmitter.Pending);
    }

    [Fact]
    public void Renomination_from_a_second_address_switches_where_media_goes()
    {
        using PeerTestBrowser browser = PeerTestBrowser.CreateConnected(new PeerTestSettings { Seed = 34 }, Generous);
        IPEndPoint first = browser.Address;
        var second = new IPEndPoint(IPAddress.Parse("10.1.2.3"), 61_000);

        // A check from the second address without USE-CANDIDATE validates it but does not move media.
        browser.SendCheck(useCandidate: false, from: second);
        Assert.Contains(browser.Events, e => e.Kind == PeerEventKind.RemoteValidated && second.Equals(e.Remote));
        browser.Srtp.Clear();
        WebRtcPeerRtcpTests.SendFrames(browser, 1);
        Assert.All(browser.Srtp, p => Assert.Equal(first, p.To));

        browser.SendCheck(useCandidate: true, from: second);
        Assert.Equal(second, browser.Peer.Remote);
        browser.Srtp.Clear();
        WebRtcPeerRtcpTests.SendFrames(browser, 2, seed: 6);
        Assert.NotEmpty(browser.Srtp);
        Assert.All(browser.Srtp, p => Assert.Equal(second, p.To));
        Assert.All(browser.Srtp, p => Assert.NotNull(browser.UnprotectRtp(p.Datagram)));

        // Consent now follows the second address: checks only from the first one no longer keep the peer open.
        long switchedAt = browser.Clock.MonotonicMs;
        for (int i = 1; i <= 4; i++)
        {
            browser.AdvanceTo(switchedAt + (i * 5000));
            browser.SendCheck(useCandidate: false, from: first);
        }

        Assert.Equal(PeerState.Closed, browser.Peer.State);
    }

    [Fact]
    public void Regression_validating_many_addresses_never_evicts_the_selected_one()
    {
        using PeerTestBrowser browser = PeerTestBrowser.CreateConnected(new PeerTestSettings { Seed = 35 }, Generous);
        IPEndPoint selected = browser.Address;
        for (int i = 0; i < 12; i++)
        {
            browser.SendCheck(useCandidate: false, from: new IPEndPoint(IPAddress.Parse("10.0.0." + (i + 1)), 50_000 + i));
        }

        Assert.Equal(selected, browser.Peer.Remote);
        browser.SendRtcp(Rtcp.RtcpBytes.Pli(1, browser.Options.VideoSsrc), from: selected);
        Assert.Equal(1, browser.CountEvents(PeerEventKind.KeyframeRequested));
        Assert.Equal(0, browser.Peer.Stats.RtcpDropped);
    }
}
