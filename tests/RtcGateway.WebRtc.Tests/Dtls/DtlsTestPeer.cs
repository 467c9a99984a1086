using RtcGateway.WebRtc.Dtls;

namespace RtcGateway.WebRtc.Tests.Dtls;

/// <summary>Shared certificates and helpers for the DTLS tests (certificate generation is the slow part).</summary>
internal static class DtlsTestPeer
{
    public static readonly DateTimeOffset Now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    public static readonly DtlsCertificate Server = DtlsCertificate.Generate(Now, "CN=test server");

    public static readonly DtlsCertificate Client = DtlsCertificate.Generate(Now, "CN=test client");

    public static readonly DtlsCertificate OtherClient = DtlsCertificate.Generate(Now, "CN=other client");

    public static readonly ushort[] ClientOffer = [DtlsSrtpProfile.AeadAes128Gcm, DtlsSrtpProfile.Aes128CmHmacSha1_80];

    public static readonly TimeSpan Generous = TimeSpan.FromSeconds(20);

    /// <summary>Waits (real time; BouncyCastle owns the timers) until the session leaves Handshaking/New.</summary>
    public static void WaitForServerOutcome(DtlsServerSession session, DtlsInMemoryClient client, TimeSpan timeout)
    {
        int rounds = 0;
        while (session.State is DtlsState.Handshaking or DtlsState.New && rounds++ < 1000)
        {
            client.ServerOutput.WaitOne(timeout / 1000 + TimeSpan.FromMilliseconds(5));
        }
    }

    /// <summary>Completes a handshake and returns the connected pair.</summary>
    public static (DtlsServerSession Session, DtlsInMemoryClient Client) Connect(DtlsCertificate? clientCertificate = null)
    {
        clientCertificate ??= Client;
        var session = new DtlsServerSession(Server, clientCertificate.FingerprintSha256);
        var client = new DtlsInMemoryClient(session, clientCertificate, ClientOffer);
        client.Start();
        Assert.True(client.Wait(Generous), "client handshake did not finish");
        WaitForServerOutcome(session, client, Generous);
        Assert.Null(client.Failure);
        Assert.Equal(DtlsState.Connected, session.State);
        return (session, client);
    }

    public static List<DtlsEvent> DrainEvents(DtlsServerSession session)
    {
        var events = new List<DtlsEvent>();
        while (session.TryPollEvent(out DtlsEvent e))
        {
            events.Add(e);
        }

        return events;
    }
}
