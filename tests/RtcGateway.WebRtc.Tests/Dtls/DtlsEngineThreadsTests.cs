using RtcGateway.WebRtc.Dtls;

namespace RtcGateway.WebRtc.Tests.Dtls;

/// <summary>
/// Handshakes on a bounded set of reused threads (<see cref="DtlsEngineThreads"/>): sequential handshakes reuse one
/// thread, concurrent ones never start more than the bound (the rest wait their turn and still connect), and a disposed
/// set fails new sessions instead of hanging them.
/// </summary>
public sealed class DtlsEngineThreadsTests
{
    [Fact]
    public void SequentialHandshakes_ReuseOneThread()
    {
        using var threads = new DtlsEngineThreads(maxThreads: 4);
        for (int i = 0; i < 3; i++)
        {
            using var session = new DtlsServerSession(DtlsTestPeer.Server, DtlsTestPeer.Client.FingerprintSha256,
                engineThreads: threads);
            using var client = new DtlsInMemoryClient(session, DtlsTestPeer.Client, DtlsTestPeer.ClientOffer);
            client.Start();
            Assert.True(client.Wait(DtlsTestPeer.Generous));
            DtlsTestPeer.WaitForServerOutcome(session, client, DtlsTestPeer.Generous);
            Assert.Equal(DtlsState.Connected, session.State);
            Assert.True(session.WaitForEngineExit(DtlsTestPeer.Generous));
            // The engine signals its exit just before its thread goes back to waiting: wait for that, then start the next.
            Assert.True(SpinWait.SpinUntil(() => threads.IdleThreads == 1, DtlsTestPeer.Generous));
        }

        Assert.Equal(1, threads.ThreadCount);
    }

    [Fact]
    public void ConcurrentHandshakes_BeyondTheBound_WaitTheirTurn_AndAllConnect()
    {
        using var threads = new DtlsEngineThreads(maxThreads: 2);
        var pairs = new List<(DtlsServerSession Session, DtlsInMemoryClient Client)>();
        try
        {
            for (int i = 0; i < 5; i++)
            {
                var session = new DtlsServerSession(DtlsTestPeer.Server, DtlsTestPeer.Client.FingerprintSha256,
                    engineThreads: threads);
                var client = new DtlsInMemoryClient(session, DtlsTestPeer.Client, DtlsTestPeer.ClientOffer);
                pairs.Add((session, client));
                client.Start();
            }

            foreach (var (session, client) in pairs)
            {
                Assert.True(client.Wait(DtlsTestPeer.Generous), "a queued handshake did not finish");
                Assert.Null(client.Failure);
                DtlsTestPeer.WaitForServerOutcome(session, client, DtlsTestPeer.Generous);
                Assert.Equal(DtlsState.Connected, session.State);
                Assert.Equal(client.Client.KeyingMaterial, session.KeyingMaterial);
            }

            Assert.InRange(threads.ThreadCount, 1, 2);
            Assert.Equal(0, threads.Queued);
        }
        finally
        {
            foreach (var (session, client) in pairs)
            {
                session.Dispose();
                client.Dispose();
            }
        }
    }

    [Fact]
    public void DisposedThreads_NewSessionFails_WithReason()
    {
        var threads = new DtlsEngineThreads();
        threads.Dispose();
        using var session = new DtlsServerSession(DtlsTestPeer.Server, DtlsTestPeer.Client.FingerprintSha256,
            engineThreads: threads);
        session.Start();
        Assert.Equal(DtlsState.Failed, session.State);
        Assert.Equal("DTLS engine threads disposed", session.FailureReason);
        Assert.True(session.WaitForEngineExit(TimeSpan.Zero));
    }

    [Fact]
    public void MaxThreads_BelowOne_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new DtlsEngineThreads(0));
    }
}
