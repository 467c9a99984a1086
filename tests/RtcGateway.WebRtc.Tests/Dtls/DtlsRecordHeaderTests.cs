using RtcGateway.WebRtc.Dtls;

namespace RtcGateway.WebRtc.Tests.Dtls;

public sealed class DtlsRecordHeaderTests
{
    private static byte[] Record(byte type, ushort version, ushort epoch, ulong sequence, int length, int extra = 0)
    {
        var bytes = new byte[13 + length + extra];
        bytes[0] = type;
        bytes[1] = (byte)(version >> 8);
        bytes[2] = (byte)version;
        bytes[3] = (byte)(epoch >> 8);
        bytes[4] = (byte)epoch;
        for (int i = 0; i < 6; i++)
        {
            bytes[5 + i] = (byte)(sequence >> (8 * (5 - i)));
        }

        bytes[11] = (byte)(length >> 8);
        bytes[12] = (byte)length;
        return bytes;
    }

    [Theory]
    [InlineData(20, 0xFEFF, 0, 0UL, 1)]
    [InlineData(22, 0xFEFD, 1, 0xFFFF_FFFF_FFFFUL, 300)]
    [InlineData(23, 0xFEFD, 65535, 0x0102_0304_0506UL, 0)]
    public void TryRead_ValidHeader_ReadsEveryField(byte type, ushort version, ushort epoch, ulong sequence, int length)
    {
        byte[] record = Record(type, version, epoch, sequence, length, extra: 7);
        Assert.Equal(DtlsRecordError.None, DtlsRecordHeader.TryRead(record, out DtlsRecordHeader header));
        Assert.Equal(new DtlsRecordHeader(type, version, epoch, sequence, (ushort)length), header);
        Assert.Equal(13 + length, header.RecordLength);
    }

    [Theory]
    [InlineData(0, DtlsRecordError.TooShort)]
    [InlineData(12, DtlsRecordError.TooShort)]
    public void TryRead_Short_IsTooShort(int size, DtlsRecordError expected)
    {
        Assert.Equal(expected, DtlsRecordHeader.TryRead(Record(22, 0xFEFD, 0, 0, 0).AsSpan(0, size), out var header));
        Assert.Equal(default, header);
    }

    [Theory]
    [InlineData(19)]
    [InlineData(24)]
    [InlineData(63)]
    public void TryRead_UnknownContentType(byte type) =>
        Assert.Equal(DtlsRecordError.UnknownContentType, DtlsRecordHeader.TryRead(Record(type, 0xFEFD, 0, 0, 4), out _));

    [Theory]
    [InlineData(0x0303)]
    [InlineData(0xFEFC)]
    [InlineData(0xFEFE)]
    public void TryRead_UnsupportedVersion(ushort version) =>
        Assert.Equal(DtlsRecordError.UnsupportedVersion, DtlsRecordHeader.TryRead(Record(22, version, 0, 0, 4), out _));

    [Fact]
    public void TryRead_LengthPastEnd_IsTruncated_AndHugeLengthIsTooLarge()
    {
        byte[] record = Record(22, 0xFEFD, 0, 0, 10);
        Assert.Equal(DtlsRecordError.Truncated, DtlsRecordHeader.TryRead(record.AsSpan(0, 22), out _));
        record[11] = 0xFF;
        record[12] = 0xFF;
        Assert.Equal(DtlsRecordError.LengthTooLarge, DtlsRecordHeader.TryRead(record, out _));
    }

    [Fact]
    public void TryRead_RandomInput_NeverThrows_AndAcceptedHeadersAreConsistent()
    {
        var random = new Random(6347);
        int cases = 0, accepted = 0;
        var buffer = new byte[64];
        for (; cases < 50_000; cases++)
        {
            int length = random.Next(0, buffer.Length + 1);
            random.NextBytes(buffer);
            if (cases % 2 == 0 && length >= 13)
            {
                // Bias half the cases towards plausible headers so the accept path is exercised too.
                buffer[0] = (byte)random.Next(20, 24);
                buffer[1] = 0xFE;
                buffer[2] = random.Next(2) == 0 ? (byte)0xFD : (byte)0xFF;
                buffer[11] = 0;
                buffer[12] = (byte)random.Next(0, 60);
            }

            if (DtlsRecordHeader.TryRead(buffer.AsSpan(0, length), out DtlsRecordHeader header) == DtlsRecordError.None)
            {
                accepted++;
                Assert.InRange(header.RecordLength, 13, length);
            }
        }

        Assert.Equal(50_000, cases);
        Assert.InRange(accepted, 1, cases - 1);
    }
}
