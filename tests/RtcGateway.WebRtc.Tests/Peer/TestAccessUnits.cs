namespace RtcGateway.WebRtc.Tests.Peer;

/// <summary>Synthetic H.264 access units (NAL units without start codes), seeded.</summary>
internal static class TestAccessUnits
{
    public static List<ReadOnlyMemory<byte>> Idr(Random random, int sliceBytes = 5000) =>
    [
        Nal(random, 0x67, 14),        // SPS
        Nal(random, 0x68, 4),         // PPS
        Nal(random, 0x65, sliceBytes), // IDR slice
    ];

    public static List<ReadOnlyMemory<byte>> PFrame(Random random, int sliceBytes) => [Nal(random, 0x41, sliceBytes)];

    public static byte[] Nal(Random random, byte header, int length)
    {
        var nal = new byte[length];
        random.NextBytes(nal);
        nal[0] = header;
        return nal;
    }
}
