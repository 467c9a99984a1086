using System.Buffers.Binary;
using RtcGateway.WebRtc.Sctp;

namespace RtcGateway.WebRtc.Tests.Sctp;

public class SctpFuzzTests
{
    /// <summary>Real packets of a session exercising every chunk type we produce.</summary>
    private static List<byte[]> CaptureSession()
    {
        var options = SctpAssociationTests.FastOptions with { HeartbeatIntervalMs = 500 };
        var a = new AssociationEndpoint(new SctpAssociation(options));
        var b = new AssociationEndpoint(new SctpAssociation(options));
        var net = new SctpTestNetwork(a, b, new LinkProfile(Loss: 0.1, Duplicate: 0.05, DelayMs: 5, JitterMs: 5), seed: 3) { CapturePackets = true };
        a.Association.Connect(net.NowMs);
        Assert.True(net.RunUntil(() => a.Has(SctpEventKind.Established) && b.Has(SctpEventKind.Established), 30_000));
        for (int i = 0; i < 40; i++)
        {
            a.Association.Send((ushort)(i % 4), 51, SctpAssociationTests.Payload(i * 97 % 3000 + 1, i), new SctpSendOptions(i % 3 == 0, i % 2 == 0 ? 0 : null), net.NowMs);
            b.Association.Send(1, 53, SctpAssociationTests.Payload(20, i), default, net.NowMs);
            net.Advance(7);
        }

        a.Association.ResetOutgoingStreams([1, 2], net.NowMs);
        net.Advance(2_000);
        a.Association.Shutdown(net.NowMs);
        net.RunUntil(() => a.Has(SctpEventKind.Closed), 30_000);
        return net.Captured.Select(c => c.Packet).ToList();
    }

    [Fact]
    public void CapturedSession_ContainsEveryChunkType()
    {
        var types = new HashSet<byte>();
        foreach (byte[] p in CaptureSession())
        {
            var reader = new SctpChunkReader(p.AsSpan(SctpCommonHeader.Size));
            while (reader.TryReadNext(out byte type, out _, out _))
            {
                types.Add(type);
            }
        }

        byte[] expected =
        [
            SctpChunkType.Init, SctpChunkType.InitAck, SctpChunkType.CookieEcho, SctpChunkType.CookieAck, SctpChunkType.Data, SctpChunkType.Sack,
            SctpChunkType.Heartbeat, SctpChunkType.HeartbeatAck, SctpChunkType.ForwardTsn, SctpChunkType.ReConfig, SctpChunkType.Shutdown,
            SctpChunkType.ShutdownAck, SctpChunkType.ShutdownComplete,
        ];
        Assert.All(expected, t => Assert.Contains(t, types));
    }

    [Fact]
    public void MutatedAndRandomPackets_NeverThrow_AndDoNotHurtAnotherAssociation()
    {
        List<byte[]> corpus = CaptureSession();
        var rng = new Random(20261121);
        const int Iterations = 120_000;
        int exceptions = 0, cases = 0, targets = 0, wrongCrc = 0;
        long accepted = 0;
        string? firstError = null;

        // A healthy bystander pair that must be unaffected.
        (SctpTestNetwork bystanderNet, AssociationEndpoint bystanderA, AssociationEndpoint bystanderB) = SctpAssociationTests.Connected(seed: 99);

        (SctpTestNetwork Net, AssociationEndpoint A, AssociationEndpoint B) target = default;
        byte[] scratch = new byte[2048];
        long now = 0;
        for (int i = 0; i < Iterations; i++)
        {
            if (target.Net is null || target.B!.Association.State == SctpAssociationState.Closed || i % 20_000 == 0)
            {
                accepted += target.B?.Association.ReceivedPackets ?? 0;
                target = SctpAssociationTests.Connected(seed: i);
                now = target.Net.NowMs;
                targets++;
            }

            SctpAssociation victim = target.B!.Association;
            byte[] packet = Mutate(rng, corpus[rng.Next(corpus.Count)], corpus[rng.Next(corpus.Count)], victim.LocalVerificationTag, out bool crcWrong);
            wrongCrc += crcWrong ? 1 : 0;
            try
            {
                now += rng.Next(0, 3);
                victim.HandlePacket(packet, now);
                if (i % 16 == 0)
                {
                    victim.HandleTimeout(now);
                }

                while (victim.TryPollPacket(scratch, out _))
                {
                }

                while (victim.TryPollEvent(out _))
                {
                }

                if (i % 1000 == 0)
                {
                    victim.Send((ushort)rng.Next(0, 8), 51, "probe"u8, default, now);
                }
            }
            catch (Exception e)
            {
                exceptions++;
                firstError ??= e.ToString();
            }

            cases++;
        }

        Assert.Equal(Iterations, cases);
        Assert.True(exceptions == 0, $"{exceptions} exceptions; first: {firstError}");
        Assert.InRange(wrongCrc, Iterations / 20, Iterations / 5);
        Assert.True(targets >= 6);
        accepted += target.B!.Association.ReceivedPackets;
        Assert.True(accepted > Iterations / 2, $"only {accepted} packets reached chunk parsing");

        // The bystander still works.
        bystanderA.Association.Send(1, 51, "still alive"u8, default, bystanderNet.NowMs);
        Assert.True(bystanderNet.RunUntil(() => bystanderB.Messages.Count == 1));
        Assert.Equal(SctpAssociationState.Established, bystanderB.Association.State);
    }

    [Fact]
    public void FuzzedTarget_DroppedPacketsAreCounted_AndValidTrafficStillFlows()
    {
        (SctpTestNetwork net, AssociationEndpoint a, AssociationEndpoint b) = SctpAssociationTests.Connected(seed: 5);
        var rng = new Random(5);
        byte[] garbage = new byte[200];
        for (int i = 0; i < 5_000; i++)
        {
            rng.NextBytes(garbage);
            b.Association.HandlePacket(garbage.AsSpan(0, rng.Next(0, garbage.Length)), net.NowMs);
        }

        Assert.True(b.Association.DroppedPackets >= 5_000);
        a.Association.Send(1, 51, "ok"u8, default, net.NowMs);
        Assert.True(net.RunUntil(() => b.Messages.Count == 1));
    }

    private static byte[] Mutate(Random rng, byte[] original, byte[] other, uint tag, out bool wrongCrc)
    {
        byte[] p;
        int kind = rng.Next(10);
        switch (kind)
        {
            case 0: // pure random body behind a valid header
                p = new byte[SctpCommonHeader.Size + rng.Next(0, 300)];
                rng.NextBytes(p);
                break;
            case 1: // splice chunks of two packets
                p = original.Concat(other.Skip(SctpCommonHeader.Size)).ToArray();
                break;
            case 2: // truncate
                p = original.AsSpan(0, rng.Next(SctpCommonHeader.Size, original.Length + 1)).ToArray();
                break;
            case 3: // corrupt a chunk length field
                p = (byte[])original.Clone();
                if (p.Length >= 16)
                {
                    BinaryPrimitives.WriteUInt16BigEndian(p.AsSpan(14), (ushort)rng.Next(0, 2000));
                }

                break;
            case 4: // chunk type swap
                p = (byte[])original.Clone();
                if (p.Length > 12)
                {
                    p[12] = (byte)(rng.Next(2) == 0 ? rng.Next(0, 16) : rng.Next(256));
                }

                break;
            default: // flip a few bytes
                p = (byte[])original.Clone();
                for (int n = rng.Next(1, 6); n > 0; n--)
                {
                    int at = rng.Next(SctpCommonHeader.Size, Math.Max(SctpCommonHeader.Size + 1, p.Length));
                    if (at < p.Length)
                    {
                        p[at] ^= (byte)rng.Next(1, 256);
                    }
                }

                break;
        }

        if (p.Length < SctpCommonHeader.Size)
        {
            wrongCrc = true;
            return p;
        }

        BinaryPrimitives.WriteUInt16BigEndian(p, 5000);
        BinaryPrimitives.WriteUInt16BigEndian(p.AsSpan(2), 5000);
        bool isInit = p.Length > 12 && p[12] == SctpChunkType.Init;
        if (rng.Next(20) != 0)
        {
            BinaryPrimitives.WriteUInt32BigEndian(p.AsSpan(4), isInit ? 0 : tag);
        }

        SctpChecksum.Write(p);
        wrongCrc = rng.Next(10) == 0;
        if (wrongCrc)
        {
            p[rng.Next(p.Length)] ^= 0x5A;
            wrongCrc = !SctpChecksum.Verify(p);
        }

        return p;
    }
}
