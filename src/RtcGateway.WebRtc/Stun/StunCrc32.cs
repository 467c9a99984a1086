namespace RtcGateway.WebRtc.Stun;

/// <summary>
/// CRC-32 as used by the STUN FINGERPRINT attribute (RFC 8489 §14.7, which refers to ITU-T V.42 /
/// ISO 3309: reflected polynomial 0xEDB88320, initial value 0xFFFFFFFF, final XOR 0xFFFFFFFF).
/// Table-driven, slicing-by-one; System.IO.Hashing is not part of the shared framework.
/// </summary>
internal static class StunCrc32
{
    // Immutable lookup table computed once; not mutable state.
    private static readonly uint[] Table = BuildTable();

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            uint c = n;
            for (int k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }

    /// <summary>Computes the CRC-32 of <paramref name="data"/>.</summary>
    public static uint Compute(ReadOnlySpan<byte> data)
    {
        uint[] table = Table;
        uint crc = 0xFFFFFFFFu;
        foreach (byte b in data)
        {
            crc = table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return crc ^ 0xFFFFFFFFu;
    }
}
