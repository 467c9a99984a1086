using RtcGateway.WebRtc.Dtls;

namespace RtcGateway.WebRtc.Tests.Dtls;

public sealed class DtlsApplicationDataTests
{
    private static byte[] Payload(int seed, int length)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static byte[]? PollServerData(DtlsServerSession session, DtlsInMemoryClient client)
    {
        var buffer = new byte[DtlsRecordHeader.MaxFragmentLength];
        for (int round = 0; round < 200; round++)
        {
            if (session.TryPollApplicationData(buffer, out int length))
            {
                return buffer.AsSpan(0, length).ToArray();
            }

            client.ServerOutput.WaitOne(TimeSpan.FromMilliseconds(50));
        }

        return null;
    }

    [Fact]
    public void ApplicationData_RoundTripsBothWays()
    {
        var (session, client) = DtlsTestPeer.Connect();
        using (session)
        using (client)
        {
            var transport = client.Transport!;
            foreach (int length in new[] { 1, 100, session.MaxApplicationDataSize })
            {
                byte[] toServer = Payload(length, length);
                transport.Send(toServer, 0, toServer.Length);
                Assert.Equal(toServer, PollServerData(session, client));

                byte[] toClient = Payload(length + 1, length);
                Assert.True(session.SendApplicationData(toClient));
                var buffer = new byte[transport.GetReceiveLimit()];
                int received = transport.Receive(buffer, 0, buffer.Length, 5000);
                Assert.Equal(toClient, buffer.AsSpan(0, Math.Max(received, 0)).ToArray());
                Assert.InRange(client.MaxServerDatagram, 1, DtlsServerSession.MaxDatagramSize);
            }

            Assert.Equal(DtlsState.Connected, session.State);
            Assert.Equal(0, session.DroppedApplicationData);
        }
    }

    [Fact]
    public void SendApplicationData_TooLarge_Throws_AndBeforeConnect_ReturnsFalse()
    {
        using (var fresh = new DtlsServerSession(DtlsTestPeer.Server, DtlsTestPeer.Client.FingerprintSha256))
        {
            Assert.False(fresh.SendApplicationData([1, 2, 3]));
            Assert.False(fresh.TryPollApplicationData(new byte[10], out _));
            Assert.False(fresh.TryPollDatagram(new byte[DtlsServerSession.MaxDatagramSize], out _));
        }

        var (session, client) = DtlsTestPeer.Connect();
        using (session)
        using (client)
        {
            Assert.Throws<ArgumentException>(() => session.SendApplicationData(new byte[session.MaxApplicationDataSize + 1]));
            Assert.Equal(DtlsState.Connected, session.State);
        }
    }

    [Fact]
    public void ClientCloseNotify_SessionClosed()
    {
        var (session, client) = DtlsTestPeer.Connect();
        using (session)
        using (client)
        {
            DtlsTestPeer.DrainEvents(session);
            client.Transport!.Close();
            Assert.True(session.WaitForEngineExit(DtlsTestPeer.Generous));
            Assert.Equal(DtlsState.Closed, session.State);
            Assert.Null(session.FailureReason);
            Assert.Equal([new DtlsEvent(DtlsEventKind.Closed, "close_notify received")], DtlsTestPeer.DrainEvents(session));
            Assert.False(session.SendApplicationData([1]));
        }
    }

    [Fact]
    public void OwnerClose_SendsCloseNotify_EngineEnds()
    {
        var (session, client) = DtlsTestPeer.Connect();
        using (session)
        using (client)
        {
            DtlsTestPeer.DrainEvents(session);
            session.Close();
            Assert.Equal(DtlsState.Closed, session.State);
            Assert.True(session.WaitForEngineExit(DtlsTestPeer.Generous));
            Assert.Equal([new DtlsEvent(DtlsEventKind.Closed, "closed by owner")], DtlsTestPeer.DrainEvents(session));

            // The close_notify reached the client (pumped on Close): its record layer sees the alert.
            var buffer = new byte[2048];
            try
            {
                client.Transport!.Receive(buffer, 0, buffer.Length, 200);
            }
            catch (Exception)
            {
                // BouncyCastle may report the closed transport as an error; the alert flag is what counts.
            }

            Assert.True(client.Client.CloseNotifyReceived);
        }
    }

    [Fact]
    public void DisposeDuringHandshake_EngineEnds_StateClosed()
    {
        var session = new DtlsServerSession(DtlsTestPeer.Server, DtlsTestPeer.Client.FingerprintSha256);
        session.Start();
        Assert.True(session.EngineRunning);
        session.Dispose();
        Assert.True(session.WaitForEngineExit(DtlsTestPeer.Generous));
        Assert.Equal(DtlsState.Closed, session.State);
        Assert.False(session.EngineRunning);
    }
}
