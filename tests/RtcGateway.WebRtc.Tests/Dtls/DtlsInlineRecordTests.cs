using RtcGateway.WebRtc.Dtls;

namespace RtcGateway.WebRtc.Tests.Dtls;

/// <summary>
/// Once connected, records are processed on the caller's thread inside <see cref="DtlsServerSession.HandleDatagram"/>
/// (no engine thread): data is pollable when it returns, forged records are discarded (RFC 6347 §4.1.2.7), replays are
/// ignored, and close_notify is answered inline.
/// </summary>
public sealed class DtlsInlineRecordTests
{
    [Fact]
    public void Connected_EngineThreadEnds_DataIsPollableWhenHandleDatagramReturns()
    {
        var (session, client) = DtlsTestPeer.Connect();
        using (session)
        using (client)
        {
            Assert.True(session.WaitForEngineExit(DtlsTestPeer.Generous), "the engine thread should end after the handshake");
            Assert.Equal(DtlsState.Connected, session.State);

            // Send -> the harness's OutputAvailable -> session.HandleDatagram, all on this thread: no wait is needed.
            var buffer = new byte[DtlsRecordHeader.MaxFragmentLength];
            for (int i = 0; i < 50; i++)
            {
                byte[] payload = [(byte)i, 1, 2, 3];
                client.Transport!.Send(payload, 0, payload.Length);
                Assert.True(session.TryPollApplicationData(buffer, out int length), $"message {i} was not there at once");
                Assert.Equal(payload, buffer.AsSpan(0, length).ToArray());
            }

            Assert.False(session.TryPollApplicationData(buffer, out _));
            Assert.Equal(0, session.DroppedInboundRecords);
        }
    }

    [Fact]
    public void ForgedRecord_IsDiscardedAndCounted_ReplayIsIgnored_SessionStaysUp()
    {
        var (session, client) = DtlsTestPeer.Connect();
        using (session)
        using (client)
        {
            var buffer = new byte[DtlsRecordHeader.MaxFragmentLength];
            byte[] payload = [9, 8, 7, 6, 5];
            int before = client.ClientDatagrams.Count;
            client.Transport!.Send(payload, 0, payload.Length);
            Assert.True(session.TryPollApplicationData(buffer, out _));
            byte[] genuine;
            lock (client.ClientDatagrams)
            {
                genuine = client.ClientDatagrams[before];
            }

            // Same header (current epoch, next sequence number), ciphertext corrupted: bad_record_mac.
            byte[] forged = (byte[])genuine.Clone();
            forged[^1] ^= 0x5A;
            forged[5 + 5] = (byte)(forged[5 + 5] + 1); // a sequence number the replay window has not seen
            session.HandleDatagram(forged);
            Assert.Equal(1, session.DiscardedRecords);
            Assert.Equal(DtlsState.Connected, session.State);

            // An exact replay is dropped by the replay window, silently and without delivering the data twice.
            session.HandleDatagram(genuine);
            Assert.False(session.TryPollApplicationData(buffer, out _));
            Assert.Equal(DtlsState.Connected, session.State);

            // The session still works both ways.
            byte[] next = [1, 2, 3];
            client.Transport.Send(next, 0, next.Length);
            bool ok = session.TryPollApplicationData(buffer, out int length);
            Assert.True(ok, $"discarded {session.DiscardedRecords} dropped {session.DroppedInboundRecords} malformed {session.MalformedDatagrams} state {session.State} sent {client.ClientDatagrams.Count - before} {Convert.ToHexString(genuine.AsSpan(0, 13))} {Convert.ToHexString(client.ClientDatagrams[^1].AsSpan(0, 13))}");
            Assert.Equal(next, buffer.AsSpan(0, length).ToArray());
            Assert.True(session.SendApplicationData(next));
            var received = new byte[2048];
            Assert.Equal(3, client.Transport.Receive(received, 0, received.Length, 5000));
            Assert.DoesNotContain(DtlsTestPeer.DrainEvents(session), e => e.Kind != DtlsEventKind.Connected);
        }
    }

    [Fact]
    public void CloseNotify_ClosesInline_AndIsAnswered()
    {
        var (session, client) = DtlsTestPeer.Connect();
        using (session)
        using (client)
        {
            Assert.True(session.WaitForEngineExit(DtlsTestPeer.Generous));
            DtlsTestPeer.DrainEvents(session);
            client.Transport!.Close();

            // No engine thread: the close_notify was processed inside HandleDatagram on this thread.
            Assert.Equal(DtlsState.Closed, session.State);
            Assert.Equal([new DtlsEvent(DtlsEventKind.Closed, "close_notify received")], DtlsTestPeer.DrainEvents(session));
        }
    }
}
