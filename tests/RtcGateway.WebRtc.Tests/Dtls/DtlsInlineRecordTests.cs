using System.Diagnostics;
using RtcGateway.WebRtc.Dtls;
using Xunit.Abstractions;

namespace RtcGateway.WebRtc.Tests.Dtls;

/// <summary>
/// Once connected, records are processed on the caller's thread inside <see cref="DtlsServerSession.HandleDatagram"/>
/// through BouncyCastle's public <c>DtlsTransport.Receive</c> (no engine thread): data is pollable when it returns,
/// forged, truncated and replayed records are discarded and counted (RFC 6347 §4.1.2.7) without ending the session,
/// records that arrive while the handshake finishes keep their order, and close_notify is answered inline.
/// </summary>
public sealed class DtlsInlineRecordTests(ITestOutputHelper output)
{
    /// <summary>The client's next application-data record, captured instead of delivered.</summary>
    private static byte[] CaptureRecord(DtlsInMemoryClient client, byte[] payload)
    {
        client.DeliverToServer = false;
        int before;
        lock (client.ClientDatagrams)
        {
            before = client.ClientDatagrams.Count;
        }

        client.Transport!.Send(payload, 0, payload.Length);
        client.DeliverToServer = true;
        lock (client.ClientDatagrams)
        {
            Assert.Equal(before + 1, client.ClientDatagrams.Count);
            return client.ClientDatagrams[before];
        }
    }

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

            // An exact replay is dropped by the replay window (RFC 6347 §4.1.2.6), without delivering the data twice.
            session.HandleDatagram(genuine);
            Assert.False(session.TryPollApplicationData(buffer, out _));
            Assert.Equal(DtlsState.Connected, session.State);
            Assert.Equal(2, session.DiscardedRecords);

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

    [Fact]
    public void ForgedRecordWithTheNextSequenceNumber_IsDiscarded_TheGenuineOneStillDecrypts()
    {
        // The forged record takes the sequence number the genuine one will use: a failed tag must neither consume it in
        // the replay window nor leave AES-GCM state behind.
        var (session, client) = DtlsTestPeer.Connect();
        using (session)
        using (client)
        {
            byte[] payload = [4, 3, 2, 1];
            byte[] genuine = CaptureRecord(client, payload);
            byte[] forged = (byte[])genuine.Clone();
            forged[DtlsRecordHeader.Size + 10] ^= 0x01;

            session.HandleDatagram(forged);
            Assert.Equal(1, session.DiscardedRecords);
            session.HandleDatagram(genuine);

            var buffer = new byte[DtlsRecordHeader.MaxFragmentLength];
            Assert.True(session.TryPollApplicationData(buffer, out int length));
            Assert.Equal(payload, buffer.AsSpan(0, length).ToArray());
            Assert.Equal(1, session.DiscardedRecords);
            Assert.Equal(DtlsState.Connected, session.State);
        }
    }

    [Theory]
    [InlineData(0)] // empty fragment
    [InlineData(5)] // shorter than the GCM explicit nonce
    [InlineData(23)] // one byte short of explicit nonce + tag: BouncyCastle raises decode_error, not bad_record_mac
    public void TruncatedRecord_IsDiscarded_SessionStaysUp_NextGenuineRecordDecrypts(int fragmentLength)
    {
        // Regression: BouncyCastle 2.7.0 fails the connection on a record too short for the AEAD cipher (decode_error);
        // DtlsCrypto's cipher wrapper turns it into a silent discard. Anyone who can spoof the viewer's address could
        // otherwise end the session with one tiny datagram.
        var (session, client) = DtlsTestPeer.Connect();
        using (session)
        using (client)
        {
            byte[] genuine = CaptureRecord(client, [7, 7, 7]);
            byte[] truncated = genuine.AsSpan(0, DtlsRecordHeader.Size + fragmentLength).ToArray();
            truncated[11] = (byte)(fragmentLength >> 8);
            truncated[12] = (byte)fragmentLength;
            truncated[10] ^= 0x40; // another sequence number

            session.HandleDatagram(truncated);
            Assert.Equal(DtlsState.Connected, session.State);
            Assert.Equal(1, session.DiscardedRecords);

            session.HandleDatagram(genuine);
            var buffer = new byte[DtlsRecordHeader.MaxFragmentLength];
            Assert.True(session.TryPollApplicationData(buffer, out int length));
            Assert.Equal([7, 7, 7], buffer.AsSpan(0, length).ToArray());
            Assert.Equal(DtlsState.Connected, session.State);
        }
    }

    [Fact]
    public void RecordsArrivingWhileTheHandshakeFinishes_AreDeliveredInOrder_BeforeLaterOnes()
    {
        using var session = new DtlsServerSession(DtlsTestPeer.Server, DtlsTestPeer.Client.FingerprintSha256);
        using var client = new DtlsInMemoryClient(session, DtlsTestPeer.Client, DtlsTestPeer.ClientOffer);
        using var release = new ManualResetEventSlim(false);
        using var engineHeld = new ManualResetEventSlim(false);
        Action pump = session.OutputAvailable!;
        session.OutputAvailable = () =>
        {
            pump();
            // Hold the engine thread inside Accept (it is sending its final flight) once the client has connected, so
            // the client's first records reach the session before the engine hands the record layer over.
            if (Thread.CurrentThread.Name == "dtls-engine" && !engineHeld.IsSet && client.Wait(TimeSpan.FromMilliseconds(200)))
            {
                engineHeld.Set();
                release.Wait(DtlsTestPeer.Generous);
            }
        };
        client.Start();
        Assert.True(client.Wait(DtlsTestPeer.Generous), "client handshake did not finish");
        Assert.True(engineHeld.Wait(DtlsTestPeer.Generous), "the engine was not held before its hand-off");
        Assert.Equal(DtlsState.Handshaking, session.State);

        for (byte i = 0; i < 5; i++)
        {
            client.Transport!.Send([i, 0xAA], 0, 2);
        }

        var buffer = new byte[DtlsRecordHeader.MaxFragmentLength];
        Assert.False(session.TryPollApplicationData(buffer, out _));
        release.Set();
        Assert.True(session.WaitForEngineExit(DtlsTestPeer.Generous));
        Assert.Equal(DtlsState.Connected, session.State);
        client.Transport!.Send([5, 0xAA], 0, 2);

        for (byte i = 0; i < 6; i++)
        {
            Assert.True(session.TryPollApplicationData(buffer, out int length), $"record {i} missing");
            Assert.Equal([i, 0xAA], buffer.AsSpan(0, length).ToArray());
        }

        Assert.Equal(0, session.DiscardedRecords);
        Assert.Equal(0, session.DroppedInboundRecords);
    }

    [Fact]
    public void ConnectedRecords_NeverWaitInsideBouncyCastle()
    {
        // BouncyCastle's Receive loop keeps polling the transport until its wait (whole milliseconds) runs out after any
        // record that is not application data; the transport ends the call at once instead. 300 forged records would
        // take >= 300 ms if each waited out a 1 ms receive; genuine ones must not wait either.
        var (session, client) = DtlsTestPeer.Connect();
        using (session)
        using (client)
        {
            Assert.True(session.WaitForEngineExit(DtlsTestPeer.Generous));
            const int count = 300;
            var genuine = new byte[count][];
            for (int i = 0; i < count; i++)
            {
                genuine[i] = CaptureRecord(client, [(byte)i, 1, 2, 3]);
            }

            var forged = new byte[count][];
            for (int i = 0; i < count; i++)
            {
                forged[i] = (byte[])genuine[i].Clone();
                forged[i][^1] ^= 0x80;
            }

            var buffer = new byte[DtlsRecordHeader.MaxFragmentLength];
            var stopwatch = Stopwatch.StartNew();
            foreach (byte[] record in forged)
            {
                session.HandleDatagram(record);
            }

            TimeSpan forgedTime = stopwatch.Elapsed;
            stopwatch.Restart();
            foreach (byte[] record in genuine)
            {
                session.HandleDatagram(record);
                Assert.True(session.TryPollApplicationData(buffer, out _));
            }

            TimeSpan genuineTime = stopwatch.Elapsed;
            output.WriteLine($"per forged record {forgedTime.TotalMicroseconds / count:F1} µs, " +
                $"per genuine record {genuineTime.TotalMicroseconds / count:F1} µs");
            Assert.Equal(count, session.DiscardedRecords);
            Assert.Equal(DtlsState.Connected, session.State);
            Assert.True(forgedTime < TimeSpan.FromMilliseconds(150), $"forged records took {forgedTime.TotalMilliseconds:F0} ms");
            Assert.True(genuineTime < TimeSpan.FromMilliseconds(150), $"genuine records took {genuineTime.TotalMilliseconds:F0} ms");
        }
    }
}
