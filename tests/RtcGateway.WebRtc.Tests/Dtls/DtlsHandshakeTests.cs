using RtcGateway.WebRtc.Dtls;
using Xunit.Abstractions;

namespace RtcGateway.WebRtc.Tests.Dtls;

public sealed class DtlsHandshakeTests(ITestOutputHelper output)
{
    [Fact]
    public void Handshake_BothSidesConnected_SameKeyingMaterial_OurProfilePreference()
    {
        var (session, client) = DtlsTestPeer.Connect();
        using (session)
        using (client)
        {
            Assert.NotNull(client.Transport);
            Assert.Equal(DtlsSrtpProfile.Aes128CmHmacSha1_80, session.SelectedSrtpProfile);
            Assert.Equal(DtlsSrtpProfile.Aes128CmHmacSha1_80, client.Client.SelectedSrtpProfile);
            Assert.Equal(60, session.KeyingMaterial.Length);
            Assert.Equal(client.Client.KeyingMaterial, session.KeyingMaterial);
            Assert.Contains(session.KeyingMaterial, b => b != 0);
            Assert.Equal(DtlsTestPeer.Client.FingerprintSha256, session.RemoteCertificateFingerprintSha256);
            Assert.Equal(DtlsTestPeer.Server.FingerprintSha256, client.Client.ServerFingerprint);
            Assert.InRange(client.MaxServerDatagram, 1, DtlsServerSession.MaxDatagramSize);
            Assert.All(client.ClientDatagrams, d => Assert.InRange(d.Length, 1, DtlsServerSession.MaxDatagramSize));
            Assert.Equal([new DtlsEvent(DtlsEventKind.Connected, null)], DtlsTestPeer.DrainEvents(session));
            Assert.Null(session.FailureReason);
            Assert.InRange(session.MaxApplicationDataSize, 1000, DtlsServerSession.MaxDatagramSize - 13);
        }
    }

    [Fact]
    public void Handshake_ClientOffersOnlyGcm_SelectsGcm_56BytesOfKeyingMaterial()
    {
        using var session = new DtlsServerSession(DtlsTestPeer.Server, DtlsTestPeer.Client.FingerprintSha256);
        using var client = new DtlsInMemoryClient(session, DtlsTestPeer.Client, [DtlsSrtpProfile.AeadAes128Gcm]);
        client.Start();
        Assert.True(client.Wait(DtlsTestPeer.Generous));
        DtlsTestPeer.WaitForServerOutcome(session, client, DtlsTestPeer.Generous);
        Assert.Equal(DtlsState.Connected, session.State);
        Assert.Equal(DtlsSrtpProfile.AeadAes128Gcm, session.SelectedSrtpProfile);
        Assert.Equal(56, session.KeyingMaterial.Length);
        Assert.Equal(client.Client.KeyingMaterial, session.KeyingMaterial);
    }

    [Fact]
    public void Handshake_NoCommonSrtpProfile_Fails()
    {
        using var session = new DtlsServerSession(DtlsTestPeer.Server, DtlsTestPeer.Client.FingerprintSha256);
        // SRTP_NULL_HMAC_SHA1_80 (0x0005) only: must never be chosen. BouncyCastle sends no alert before ServerHello,
        // so the client only gives up at its own (short) timeout.
        using var client = new DtlsInMemoryClient(session, DtlsTestPeer.Client, [0x0005], handshakeTimeoutMillis: 300);
        client.Start();
        Assert.True(client.Wait(DtlsTestPeer.Generous));
        DtlsTestPeer.WaitForServerOutcome(session, client, DtlsTestPeer.Generous);
        Assert.NotNull(client.Failure);
        Assert.Equal(DtlsState.Failed, session.State);
        Assert.Equal("no common SRTP protection profile", session.FailureReason);
        Assert.True(session.WaitForEngineExit(DtlsTestPeer.Generous));
    }

    [Fact]
    public void Handshake_FingerprintMismatch_FailsWithReason_AndEngineEnds()
    {
        using var session = new DtlsServerSession(DtlsTestPeer.Server, DtlsTestPeer.OtherClient.FingerprintSha256);
        using var client = new DtlsInMemoryClient(session, DtlsTestPeer.Client, DtlsTestPeer.ClientOffer);
        client.Start();
        Assert.True(client.Wait(DtlsTestPeer.Generous));
        DtlsTestPeer.WaitForServerOutcome(session, client, DtlsTestPeer.Generous);
        Assert.NotNull(client.Failure);
        Assert.Equal(DtlsState.Failed, session.State);
        Assert.Equal("fingerprint mismatch", session.FailureReason);
        Assert.Equal(DtlsTestPeer.Client.FingerprintSha256, session.RemoteCertificateFingerprintSha256);
        Assert.Empty(session.KeyingMaterial);
        Assert.Equal(0, session.SelectedSrtpProfile);
        Assert.Equal([new DtlsEvent(DtlsEventKind.Failed, "fingerprint mismatch")], DtlsTestPeer.DrainEvents(session));
        Assert.True(session.WaitForEngineExit(DtlsTestPeer.Generous));
        Assert.False(session.EngineRunning);
    }

    [Fact]
    public void Handshake_ClientWithoutCertificate_Fails()
    {
        using var session = new DtlsServerSession(DtlsTestPeer.Server, DtlsTestPeer.Client.FingerprintSha256);
        using var client = new DtlsInMemoryClient(session, certificate: null, DtlsTestPeer.ClientOffer);
        client.Start();
        Assert.True(client.Wait(DtlsTestPeer.Generous));
        DtlsTestPeer.WaitForServerOutcome(session, client, DtlsTestPeer.Generous);
        Assert.Equal(DtlsState.Failed, session.State);
        Assert.Equal("no client certificate", session.FailureReason);
        Assert.True(session.WaitForEngineExit(DtlsTestPeer.Generous));
    }

    [Fact]
    public void Handshake_ClientGoesSilentAfterClientHello_FailsWithinTimeout()
    {
        var timeout = TimeSpan.FromMilliseconds(500);
        using var session = new DtlsServerSession(DtlsTestPeer.Server, DtlsTestPeer.Client.FingerprintSha256, timeout);
        using var client = new DtlsInMemoryClient(session, DtlsTestPeer.Client, DtlsTestPeer.ClientOffer);
        // Deliver only the first flight (ClientHello); the client's later flights are lost.
        client.DeliverToServer = false;
        client.Start();
        Assert.True(client.ClientSent.Wait(DtlsTestPeer.Generous));
        byte[] clientHello;
        lock (client.ClientDatagrams)
        {
            clientHello = client.ClientDatagrams[0];
        }

        session.HandleDatagram(clientHello);
        Assert.True(session.WaitForEngineExit(TimeSpan.FromSeconds(5)), "engine did not end after the handshake timeout");
        Assert.Equal(DtlsState.Failed, session.State);
        Assert.Equal("handshake timeout", session.FailureReason);
    }

    [Fact]
    public void Handshake_NoDatagramAfterStart_FailsWithinTimeout()
    {
        using var session = new DtlsServerSession(DtlsTestPeer.Server, DtlsTestPeer.Client.FingerprintSha256,
            TimeSpan.FromMilliseconds(300));
        session.Start();
        Assert.Equal(DtlsState.Handshaking, session.State);
        Assert.True(session.WaitForEngineExit(TimeSpan.FromSeconds(5)));
        Assert.Equal(DtlsState.Failed, session.State);
        Assert.Equal("handshake timeout", session.FailureReason);
    }

    [Fact]
    public void Timings_ColdThenWarm()
    {
        var times = new List<TimeSpan>();
        for (int i = 0; i < 4; i++)
        {
            times.Add(DtlsWarmup.Run(DtlsTestPeer.Server, TimeProvider.System));
        }

        output.WriteLine("handshake ms: " + string.Join(", ", times.Select(t => t.TotalMilliseconds.ToString("F1"))));
        Assert.All(times, t => Assert.True(t > TimeSpan.Zero));
    }
}
