namespace RtcGateway.WebRtc.DataChannels;

/// <summary>
/// Options of a data channel, as in the W3C <c>RTCDataChannelInit</c> (RFC 8831 §6.4, RFC 8832 §5.1).
/// Set at most one of <see cref="MaxRetransmits"/> and <see cref="MaxPacketLifeTimeMs"/>.
/// </summary>
public sealed record DataChannelOptions
{
    /// <summary>Deliver in order (default true).</summary>
    public bool Ordered { get; init; } = true;

    /// <summary>Partial reliability: at most this many retransmissions per message (0 = send once); null = reliable.</summary>
    public int? MaxRetransmits { get; init; }

    /// <summary>Partial reliability: abandon a message not delivered within this many ms; null = no limit.</summary>
    public int? MaxPacketLifeTimeMs { get; init; }

    /// <summary>Sub-protocol name carried in DCEP OPEN (default empty).</summary>
    public string Protocol { get; init; } = string.Empty;

    /// <summary>DCEP priority (RFC 8832 §5.1; 256 = "normal" in browsers).</summary>
    public ushort Priority { get; init; } = 256;

    /// <summary>Pre-negotiated (<c>negotiated: true</c>): no DCEP; both sides create the channel with the same <see cref="Id"/>.</summary>
    public bool Negotiated { get; init; }

    /// <summary>Stream id: required when <see cref="Negotiated"/>; otherwise null to pick the next free id of our parity.</summary>
    public ushort? Id { get; init; }

    /// <summary>The DCEP channel type these options map to.</summary>
    public DataChannelType ChannelType =>
        (MaxRetransmits, MaxPacketLifeTimeMs) switch
        {
            (not null, _) => Ordered ? DataChannelType.PartialReliableRexmit : DataChannelType.PartialReliableRexmitUnordered,
            (null, not null) => Ordered ? DataChannelType.PartialReliableTimed : DataChannelType.PartialReliableTimedUnordered,
            _ => Ordered ? DataChannelType.Reliable : DataChannelType.ReliableUnordered,
        };

    /// <summary>The DCEP reliability parameter (retransmissions or ms; 0 for reliable types).</summary>
    public uint ReliabilityParameter => (uint)Math.Max(0, MaxRetransmits ?? MaxPacketLifeTimeMs ?? 0);

    /// <summary>Maps a received DCEP channel type and reliability parameter back to options.</summary>
    public static DataChannelOptions FromChannelType(DataChannelType type, uint reliability, string protocol, ushort priority)
    {
        int parameter = (int)Math.Min(int.MaxValue, reliability);
        bool ordered = ((byte)type & 0x80) == 0;
        return ((byte)type & 0x7F) switch
        {
            0x01 => new DataChannelOptions { Ordered = ordered, MaxRetransmits = parameter, Protocol = protocol, Priority = priority },
            0x02 => new DataChannelOptions { Ordered = ordered, MaxPacketLifeTimeMs = parameter, Protocol = protocol, Priority = priority },
            _ => new DataChannelOptions { Ordered = ordered, Protocol = protocol, Priority = priority },
        };
    }
}
