using RtcGateway.WebRtc.Rtp;

namespace RtcGateway.WebRtc.Tests.Rtp;

/// <summary>Test-only RFC 6184 depacketizer (single NAL, STAP-A, FU-A) used to prove round trips.</summary>
internal static class H264Depacketizer
{
    public static List<byte[]> Depacketize(PacketizedFrame frame)
    {
        var payloads = new List<byte[]>();
        for (int i = 0; i < frame.PayloadCount; i++)
        {
            payloads.Add(frame.GetPayload(i).ToArray());
        }

        return Depacketize(payloads);
    }

    public static List<byte[]> Depacketize(IEnumerable<byte[]> payloads)
    {
        var nalUnits = new List<byte[]>();
        List<byte>? fragment = null;
        foreach (byte[] payload in payloads)
        {
            int type = payload[0] & 0x1F;
            if (type == 24)
            {
                int offset = 1;
                while (offset < payload.Length)
                {
                    int size = (payload[offset] << 8) | payload[offset + 1];
                    nalUnits.Add(payload.AsSpan(offset + 2, size).ToArray());
                    offset += 2 + size;
                }

                Assert.Equal(payload.Length, offset);
            }
            else if (type == 28)
            {
                bool start = (payload[1] & 0x80) != 0;
                bool end = (payload[1] & 0x40) != 0;
                Assert.Equal(0, payload[1] & 0x20);
                if (start)
                {
                    Assert.Null(fragment);
                    fragment = [(byte)((payload[0] & 0xE0) | (payload[1] & 0x1F))];
                }

                Assert.NotNull(fragment);
                fragment.AddRange(payload.AsSpan(2).ToArray());
                if (end)
                {
                    nalUnits.Add(fragment.ToArray());
                    fragment = null;
                }
            }
            else
            {
                Assert.Null(fragment);
                nalUnits.Add(payload);
            }
        }

        Assert.Null(fragment);
        return nalUnits;
    }
}
