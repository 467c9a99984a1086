using System.Buffers;

namespace RtcGateway.WebRtc.Tests.Rtp;

/// <summary>Array pool that counts outstanding rentals to prove every PacketizedFrame buffer is returned.</summary>
internal sealed class CountingArrayPool : ArrayPool<byte>
{
    public int Outstanding { get; private set; }

    public override byte[] Rent(int minimumLength)
    {
        Outstanding++;
        return new byte[minimumLength];
    }

    public override void Return(byte[] array, bool clearArray = false) => Outstanding--;
}
