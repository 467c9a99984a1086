namespace RtcGateway.Media.H264;

/// <summary>
/// MSB-first bit reader over an RBSP (§7.2 read_bits / ue(v) / se(v), exp-Golomb §9.1). Never throws: reading past the end
/// sets <see cref="Failed"/> and returns 0.
/// </summary>
internal ref struct RbspBitReader(ReadOnlySpan<byte> data)
{
    private readonly ReadOnlySpan<byte> _data = data;
    private int _bit;

    public bool Failed { get; private set; }

    public int BitsLeft => (_data.Length * 8) - _bit;

    public uint ReadBit()
    {
        if (_bit >= _data.Length * 8)
        {
            Failed = true;
            return 0;
        }

        uint v = (uint)(_data[_bit >> 3] >> (7 - (_bit & 7))) & 1;
        _bit++;
        return v;
    }

    public bool ReadFlag() => ReadBit() != 0;

    public uint ReadBits(int n)
    {
        uint v = 0;
        for (int i = 0; i < n; i++)
        {
            v = (v << 1) | ReadBit();
        }

        return v;
    }

    /// <summary>ue(v), §9.1; values above 2^31-2 (more than 31 leading zeros) fail.</summary>
    public uint ReadUe()
    {
        int leadingZeros = 0;
        while (!Failed && ReadBit() == 0)
        {
            if (++leadingZeros > 31)
            {
                Failed = true;
                return 0;
            }
        }

        if (Failed)
        {
            return 0;
        }

        ulong value = (1UL << leadingZeros) - 1 + ReadBits(leadingZeros);
        if (value > int.MaxValue)
        {
            Failed = true;
            return 0;
        }

        return (uint)value;
    }

    /// <summary>se(v), §9.1.1.</summary>
    public int ReadSe()
    {
        uint k = ReadUe();
        return (k & 1) != 0 ? (int)((k + 1) / 2) : -(int)(k / 2);
    }
}
