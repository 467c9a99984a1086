using RtcGateway.WebRtc.Sctp;

namespace RtcGateway.WebRtc.Tests.Sctp;

/// <summary>Link impairments of <see cref="SctpTestNetwork"/>; probabilities in [0, 1], delays in ms.</summary>
internal sealed record LinkProfile(double Loss = 0, double Duplicate = 0, long DelayMs = 10, long JitterMs = 0)
{
    public static LinkProfile Perfect => new();
}

/// <summary>
/// Two endpoints driven through an in-memory link with a manual clock: packets get a delivery time (delay + jitter,
/// which reorders), may be lost or duplicated (seeded Random). <see cref="RunUntil"/> jumps the clock from event to event.
/// </summary>
internal sealed class SctpTestNetwork
{
    private readonly Random _random;
    private readonly List<(long At, long Order, bool ToB, byte[] Packet)> _wire = new();
    private readonly byte[] _buffer = new byte[65_536];
    private long _order;

    public SctpTestNetwork(ISctpEndpoint a, ISctpEndpoint b, LinkProfile? profile = null, int seed = 1)
    {
        A = a;
        B = b;
        Profile = profile ?? LinkProfile.Perfect;
        _random = new Random(seed);
    }

    public ISctpEndpoint A { get; }

    public ISctpEndpoint B { get; }

    public LinkProfile Profile { get; set; }

    public long NowMs { get; private set; } = 1_000;

    /// <summary>Every packet sent A→B (true) or B→A, as captured before impairment.</summary>
    public List<(bool ToB, byte[] Packet)> Captured { get; } = new();

    public bool CapturePackets { get; set; }

    public int PacketsDelivered { get; private set; }

    /// <summary>Polls both sides, delivers due packets and fires timers until <paramref name="done"/> or the time limit.</summary>
    public bool RunUntil(Func<bool> done, long maxMs = 60_000)
    {
        long end = NowMs + maxMs;
        for (int guard = 0; guard < 5_000_000; guard++)
        {
            Flush();
            if (done())
            {
                return true;
            }

            long next = long.MaxValue;
            foreach ((long at, _, _, _) in _wire)
            {
                next = Math.Min(next, at);
            }

            next = Math.Min(next, A.NextTimeoutMs ?? long.MaxValue);
            next = Math.Min(next, B.NextTimeoutMs ?? long.MaxValue);
            if (next == long.MaxValue || next > end)
            {
                NowMs = Math.Max(NowMs, Math.Min(end, next));
                return done();
            }

            NowMs = Math.Max(NowMs, next);
            DeliverDue();
            if (A.NextTimeoutMs <= NowMs)
            {
                A.HandleTimeout(NowMs);
            }

            if (B.NextTimeoutMs <= NowMs)
            {
                B.HandleTimeout(NowMs);
            }
        }

        return done();
    }

    /// <summary>Advances time by <paramref name="ms"/>, running everything in between.</summary>
    public void Advance(long ms)
    {
        long end = NowMs + ms;
        RunUntil(() => false, ms);
        NowMs = Math.Max(NowMs, end);
        Flush();
    }

    /// <summary>Drains packets from both endpoints onto the wire.</summary>
    public void Flush()
    {
        bool any = true;
        while (any)
        {
            any = Pump(A, true) | Pump(B, false);
            any |= DeliverDue();
        }
    }

    private bool Pump(ISctpEndpoint from, bool toB)
    {
        bool any = false;
        while (from.TryPollPacket(_buffer, out int len))
        {
            any = true;
            byte[] packet = _buffer.AsSpan(0, len).ToArray();
            if (CapturePackets)
            {
                Captured.Add((toB, packet));
            }

            if (_random.NextDouble() < Profile.Loss)
            {
                continue;
            }

            int copies = _random.NextDouble() < Profile.Duplicate ? 2 : 1;
            for (int i = 0; i < copies; i++)
            {
                long jitter = Profile.JitterMs > 0 ? _random.NextInt64(0, Profile.JitterMs + 1) : 0;
                _wire.Add((NowMs + Profile.DelayMs + jitter, _order++, toB, packet));
            }
        }

        return any;
    }

    private bool DeliverDue()
    {
        bool any = false;
        while (true)
        {
            int best = -1;
            for (int i = 0; i < _wire.Count; i++)
            {
                if (_wire[i].At <= NowMs && (best < 0 || _wire[i].At < _wire[best].At || (_wire[i].At == _wire[best].At && _wire[i].Order < _wire[best].Order)))
                {
                    best = i;
                }
            }

            if (best < 0)
            {
                return any;
            }

            (_, _, bool toB, byte[] packet) = _wire[best];
            _wire.RemoveAt(best);
            (toB ? B : A).HandlePacket(packet, NowMs);
            PacketsDelivered++;
            any = true;
        }
    }
}

/// <summary>What the test network drives: an SCTP association or a data channel manager.</summary>
internal interface ISctpEndpoint
{
    long? NextTimeoutMs { get; }

    void HandlePacket(ReadOnlySpan<byte> packet, long nowMs);

    void HandleTimeout(long nowMs);

    bool TryPollPacket(Span<byte> dst, out int length);
}

/// <summary>An <see cref="SctpAssociation"/> endpoint that collects its events.</summary>
internal sealed class AssociationEndpoint(SctpAssociation association) : ISctpEndpoint
{
    public SctpAssociation Association { get; } = association;

    public List<SctpEvent> Events { get; } = new();

    public List<SctpEvent> Messages => Events.Where(e => e.Kind == SctpEventKind.MessageReceived).ToList();

    public long? NextTimeoutMs => Association.NextTimeoutMs;

    public void HandlePacket(ReadOnlySpan<byte> packet, long nowMs)
    {
        Association.HandlePacket(packet, nowMs);
        Drain();
    }

    public void HandleTimeout(long nowMs)
    {
        Association.HandleTimeout(nowMs);
        Drain();
    }

    public bool TryPollPacket(Span<byte> dst, out int length)
    {
        bool r = Association.TryPollPacket(dst, out length);
        Drain();
        return r;
    }

    public bool Has(SctpEventKind kind) => Events.Any(e => e.Kind == kind);

    private void Drain()
    {
        while (Association.TryPollEvent(out SctpEvent e))
        {
            Events.Add(e);
        }
    }
}
