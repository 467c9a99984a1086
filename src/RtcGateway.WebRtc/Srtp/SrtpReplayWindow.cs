namespace RtcGateway.WebRtc.Srtp;

/// <summary>
/// Sliding replay list of RFC 3711 §3.3.2 with a 64-packet window: <see cref="Highest"/> is the largest
/// authenticated index, bit k of <see cref="Bitmap"/> records that index Highest − k was received.
/// Mutable value type, stored inside <see cref="SrtpStreamState"/>.
/// </summary>
internal struct SrtpReplayWindow
{
    public const int Size = 64;

    public bool Started;
    public ulong Highest;
    public ulong Bitmap;

    /// <summary>Checks <paramref name="index"/> before authentication; does not change the window.</summary>
    public readonly SrtpError Check(ulong index)
    {
        if (!Started || index > Highest)
        {
            return SrtpError.None;
        }

        ulong delta = Highest - index;
        if (delta >= Size)
        {
            return SrtpError.TooOld;
        }

        return (Bitmap & (1UL << (int)delta)) != 0 ? SrtpError.ReplayedPacket : SrtpError.None;
    }

    /// <summary>Records an authenticated <paramref name="index"/> that passed <see cref="Check"/>.</summary>
    public void Accept(ulong index)
    {
        if (!Started)
        {
            Started = true;
            Highest = index;
            Bitmap = 1;
        }
        else if (index > Highest)
        {
            ulong shift = index - Highest;
            Bitmap = shift >= Size ? 1 : (Bitmap << (int)shift) | 1;
            Highest = index;
        }
        else
        {
            Bitmap |= 1UL << (int)(Highest - index);
        }
    }
}
