namespace RtcGateway.WebRtc.Rtp;

/// <summary>One RFC 8285 header extension element: local identifier and data (a view into the packet).</summary>
public readonly ref struct RtpHeaderExtensionElement
{
    /// <summary>Creates an element view.</summary>
    public RtpHeaderExtensionElement(byte id, ReadOnlySpan<byte> data)
    {
        Id = id;
        Data = data;
    }

    /// <summary>Local identifier negotiated with <c>a=extmap</c> (1–14 one-byte form, 1–255 two-byte form).</summary>
    public byte Id { get; }

    /// <summary>Element data (1–16 bytes one-byte form; 0–255 bytes two-byte form).</summary>
    public ReadOnlySpan<byte> Data { get; }
}
