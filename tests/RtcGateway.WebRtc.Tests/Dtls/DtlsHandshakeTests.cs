using Microsoft.Extensions.Time.Testing;
using RtcGateway.WebRtc.Dtls;

namespace RtcGateway.WebRtc.Tests.Dtls;

public sealed class DtlsHandshakeTests
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
    public void Warmup_completes_real_handshakes_and_times_them_on_the_given_clock()
    {
        // DtlsWarmup.Run throws unless both sides reached Connected with the same keying material; running it twice
        // reuses the process certificate as real sessions do. The duration is read from the caller's clock only
        // (Sans-IO): a clock that does not move reports zero, whatever the wall clock did. The cold/warm figures
        // themselves are logged by SessionManager at start ("warm-up handshake … ms").
        var frozen = new FakeTimeProvider(new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero));
        Assert.Equal(TimeSpan.Zero, DtlsWarmup.Run(DtlsTestPeer.Server, frozen));
        Assert.Equal(TimeSpan.Zero, DtlsWarmup.Run(DtlsTestPeer.Server, frozen));
    }
}
