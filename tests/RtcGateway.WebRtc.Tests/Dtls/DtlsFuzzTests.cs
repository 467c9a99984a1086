using RtcGateway.WebRtc.Dtls;
using Xunit.Abstractions;

namespace RtcGateway.WebRtc.Tests.Dtls;

/// <summary>
/// Garbage and mutated DTLS records: nothing escapes the session, every engine thread ends, other peers are unaffected.
/// BouncyCastle owns its timers, so waits here are real but bounded by the engine becoming idle.
/// </summary>
public sealed class DtlsFuzzTests(ITestOutputHelper output)
{
    private static readonly Lazy<byte[][]> ClientHelloFlight = new(CaptureClientHello);

    private static byte[][] CaptureClientHello()
    {
        using var session = new DtlsServerSession(DtlsTestPeer.Server, DtlsTestPeer.Client.FingerprintSha256);
        using var client = new DtlsInMemoryClient(session, DtlsTestPeer.Client, DtlsTestPeer.ClientOffer);
        client.DeliverToServer = false;
        client.Start();
        Assert.True(client.ClientSent.Wait(DtlsTestPeer.Generous));
        lock (client.ClientDatagrams)
        {
            return [.. client.ClientDatagrams];
        }
    }

    private static byte[] RandomDatagram(Random random)
    {
        var bytes = new byte[random.Next(1, 200)];
        random.NextBytes(bytes);
        bytes[0] = (byte)random.Next(20, 64); // RFC 7983 DTLS range
        return bytes;
    }

    private static byte[] PlausibleRecord(Random random, ushort epoch)
    {
        int length = random.Next(0, 150);
        var bytes = new byte[13 + length];
        random.NextBytes(bytes);
        bytes[0] = (byte)random.Next(20, 24);
        bytes[1] = 0xFE;
        bytes[2] = random.Next(2) == 0 ? (byte)0xFD : (byte)0xFF;
        bytes[3] = (byte)(epoch >> 8);
        bytes[4] = (byte)epoch;
        bytes[11] = (byte)(length >> 8);
        bytes[12] = (byte)length;
        if (bytes[0] == 22 && length >= 12 && random.Next(2) == 0)
        {
            // Handshake fragment header with consistent lengths (RFC 6347 §4.2.2) and a small message_seq.
            bytes[13] = 1; // client_hello
            bytes[13 + 1] = 0;
            bytes[13 + 2] = 0;
            bytes[13 + 3] = (byte)(length - 12);
            bytes[13 + 4] = 0;
            bytes[13 + 5] = (byte)random.Next(0, 3);
            bytes[13 + 6] = bytes[13 + 7] = bytes[13 + 8] = 0;
            bytes[13 + 9] = 0;
            bytes[13 + 10] = 0;
            bytes[13 + 11] = (byte)(length - 12);
        }

        return bytes;
    }

    private static byte[] MutatedClientHello(Random random)
    {
        byte[] original = ClientHelloFlight.Value[0];
        byte[] bytes = original.ToArray();
        switch (random.Next(3))
        {
            case 0: // flip 1-4 bytes anywhere
                for (int i = random.Next(1, 5); i > 0; i--)
                {
                    bytes[random.Next(bytes.Length)] ^= (byte)random.Next(1, 256);
                }

                return bytes;
            case 1: // truncate
                return bytes.AsSpan(0, random.Next(0, bytes.Length)).ToArray();
            default: // truncate and fix the record length so the engine sees a short handshake fragment
                int cut = random.Next(13, bytes.Length);
                byte[] shortRecord = bytes.AsSpan(0, cut).ToArray();
                shortRecord[11] = (byte)((cut - 13) >> 8);
                shortRecord[12] = (byte)(cut - 13);
                if (random.Next(2) == 0 && cut > 20)
                {
                    shortRecord[random.Next(13, cut)] ^= (byte)random.Next(1, 256);
                }

                return shortRecord;
        }
    }

    [Fact]
    public void GarbageAndMutatedRecords_FreshSessions_NoExceptionNoThreadLeak()
    {
        const int RandomCases = 9_000, PlausibleCases = 6_000, MutatedCases = 5_000;
        int total = RandomCases + PlausibleCases + MutatedCases;
        var (healthy, healthyClient) = DtlsTestPeer.Connect();
        int cases = 0, enginesStarted = 0, failed = 0, exceptions = 0, leaked = 0;
        var started = DateTime.UtcNow;
        Parallel.For(0, 4, new ParallelOptions { MaxDegreeOfParallelism = 4 }, worker =>
        {
            var random = new Random(5764 + worker);
            for (int i = worker; i < total; i += 4)
            {
                byte[] datagram = i < RandomCases ? RandomDatagram(random)
                    : i < RandomCases + PlausibleCases ? PlausibleRecord(random, (ushort)random.Next(0, 2))
                    : MutatedClientHello(random);
                var session = new DtlsServerSession(DtlsTestPeer.Server, DtlsTestPeer.Client.FingerprintSha256,
                    TimeSpan.FromSeconds(5));
                try
                {
                    session.HandleDatagram(datagram);
                    if (session.State != DtlsState.New)
                    {
                        Interlocked.Increment(ref enginesStarted);
                        session.WaitIdle(5_000);
                    }

                    var drain = new byte[DtlsServerSession.MaxDatagramSize];
                    while (session.TryPollDatagram(drain, out _))
                    {
                    }

                    if (session.State == DtlsState.Failed)
                    {
                        Interlocked.Increment(ref failed);
                    }

                    session.Dispose();
                    if (!session.WaitForEngineExit(TimeSpan.FromSeconds(10)))
                    {
                        Interlocked.Increment(ref leaked);
                    }
                }
                catch (Exception)
                {
                    Interlocked.Increment(ref exceptions);
                }

                Interlocked.Increment(ref cases);
            }
        });

        output.WriteLine($"cases {cases}, engines started {enginesStarted}, failed {failed}, " +
            $"{(DateTime.UtcNow - started).TotalSeconds:F1} s");
        Assert.Equal(total, cases);
        Assert.Equal(0, exceptions);
        Assert.Equal(0, leaked);
        Assert.InRange(enginesStarted, 1000, total);
        Assert.InRange(failed, 1, enginesStarted);

        using (healthy)
        using (healthyClient)
        {
            AssertRoundTrip(healthy, healthyClient, 77);
        }
    }

    [Fact]
    public void GarbageToConnectedSession_NoException_EngineEnds_OtherPeerUnaffected()
    {
        var (victim, victimClient) = DtlsTestPeer.Connect();
        var (other, otherClient) = DtlsTestPeer.Connect(DtlsTestPeer.OtherClient);
        using (victim)
        using (victimClient)
        using (other)
        using (otherClient)
        {
            var random = new Random(6347);
            int cases = 0, exceptions = 0;
            var drain = new byte[DtlsServerSession.MaxDatagramSize];
            // Epoch 0 and handshake-looking junk first (the connected engine must ignore it), then everything.
            for (; cases < 3_000; cases++)
            {
                byte[] datagram = cases < 1_000 ? PlausibleRecord(random, 0)
                    : cases < 2_000 ? MutatedClientHello(random)
                    : random.Next(2) == 0 ? RandomDatagram(random) : PlausibleRecord(random, 1);
                try
                {
                    victim.HandleDatagram(datagram);
                    if (cases % 50 == 0)
                    {
                        victim.WaitIdle(5_000);
                    }

                    while (victim.TryPollDatagram(drain, out _))
                    {
                    }
                }
                catch (Exception)
                {
                    exceptions++;
                }

                if (cases == 1_999)
                {
                    victim.WaitIdle(5_000);
                    Assert.Equal(DtlsState.Connected, victim.State); // epoch-0 junk is ignored once connected
                }
            }

            output.WriteLine($"victim after {cases} cases: {victim.State} {victim.FailureReason}, " +
                $"malformed {victim.MalformedDatagrams}, dropped {victim.DroppedInboundRecords}");
            Assert.Equal(0, exceptions);

            // Invalid records are silently discarded (RFC 6347 §4.1.2.7): garbage from the viewer's address does not end
            // its session.
            Assert.Equal(DtlsState.Connected, victim.State);
            Assert.True(victim.DiscardedRecords > 0, "epoch-1 junk should have been counted as discarded");
            AssertRoundTrip(victim, victimClient, 98);
            victim.Dispose();
            Assert.True(victim.WaitForEngineExit(DtlsTestPeer.Generous));
            Assert.Equal(DtlsState.Connected, other.State);
            AssertRoundTrip(other, otherClient, 99);
        }
    }

    private static void AssertRoundTrip(DtlsServerSession session, DtlsInMemoryClient client, int seed)
    {
        var payload = new byte[300];
        new Random(seed).NextBytes(payload);
        Assert.True(session.SendApplicationData(payload));
        var buffer = new byte[2048];
        int received = client.Transport!.Receive(buffer, 0, buffer.Length, 5000);
        Assert.Equal(payload, buffer.AsSpan(0, Math.Max(0, received)).ToArray());

        client.Transport.Send(payload, 1, 200);
        for (int round = 0; round < 100; round++)
        {
            if (session.TryPollApplicationData(buffer, out int length))
            {
                Assert.Equal(payload.AsSpan(1, 200).ToArray(), buffer.AsSpan(0, length).ToArray());
                return;
            }

            client.ServerOutput.WaitOne(TimeSpan.FromMilliseconds(50));
        }

        Assert.Fail("application data did not arrive");
    }
}
