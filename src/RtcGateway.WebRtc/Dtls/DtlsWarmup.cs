namespace RtcGateway.WebRtc.Dtls;

/// <summary>
/// JIT and crypto warm-up: one complete in-memory DTLS-SRTP handshake (BouncyCastle client ↔ <see cref="DtlsServerSession"/>)
/// so the first browser does not pay the cold start (92–164 ms cold vs 7–23 ms warm measured with Chrome, during which
/// Chrome retransmits its ClientHello after ~45 ms). Call once at server start.
/// </summary>
public static class DtlsWarmup
{
    /// <summary>
    /// Runs the warm-up handshake with a throw-away client certificate and returns its duration (measured with
    /// <paramref name="timeProvider"/>; includes client certificate generation). Blocks the caller, typically for
    /// 50–500 ms when cold.
    /// </summary>
    /// <param name="certificate">The process certificate used by real sessions.</param>
    /// <param name="timeProvider">Clock for the measurement and the client certificate's validity.</param>
    /// <exception cref="InvalidOperationException">The handshake did not reach <see cref="DtlsState.Connected"/> on both
    /// sides or the keying material differs (would indicate a broken BouncyCastle setup).</exception>
    public static TimeSpan Run(DtlsCertificate certificate, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(timeProvider);
        long start = timeProvider.GetTimestamp();
        DtlsCertificate clientCertificate = DtlsCertificate.Generate(timeProvider.GetUtcNow(), "CN=RtcGateway warm-up");
        using var session = new DtlsServerSession(certificate, clientCertificate.FingerprintSha256);
        using var client = new DtlsInMemoryClient(session, clientCertificate, DtlsSrtpProfile.ServerPreference);
        client.Start();
        if (!client.Wait(DtlsServerSession.DefaultHandshakeTimeout + TimeSpan.FromSeconds(5)))
        {
            throw new InvalidOperationException("DTLS warm-up handshake did not finish");
        }

        // The server's Connected follows the client's by at most one engine step; Failed or Connected are both terminal
        // for the handshake, so wait for either.
        while (session.State == DtlsState.Handshaking && client.ServerOutput.WaitOne(DtlsServerSession.DefaultHandshakeTimeout))
        {
        }

        if (client.Failure is not null || session.State != DtlsState.Connected
            || client.Client.KeyingMaterial is not { } clientKeys || !clientKeys.AsSpan().SequenceEqual(session.KeyingMaterial))
        {
            throw new InvalidOperationException(
                $"DTLS warm-up handshake failed: server {session.State} {session.FailureReason}, client {client.Failure?.Message}",
                client.Failure);
        }

        TimeSpan elapsed = timeProvider.GetElapsedTime(start);
        session.Close();
        return elapsed;
    }
}
