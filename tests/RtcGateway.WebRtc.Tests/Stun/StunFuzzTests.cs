using System.Net;
using System.Text;
using RtcGateway.WebRtc.Ice;
using RtcGateway.WebRtc.Stun;

namespace RtcGateway.WebRtc.Tests.Stun;

/// <summary>Random and mutated datagrams through the STUN parser and the ICE agent: zero exceptions.</summary>
public class StunFuzzTests
{
    private const int Cases = 40_000;

    [Fact]
    public void RandomAndMutatedDatagrams_NeverThrow()
    {
        var random = new Random(20260521);
        var requests = new BindingRequests(7);
        byte[][] seeds =
        [
            Rfc5769VectorTests.SampleRequest,
            Rfc5769VectorTests.SampleIPv4Response,
            Rfc5769VectorTests.SampleIPv6Response,
            requests.Build("local:remote", "local-password-0123456789", useCandidate: true),
            requests.Build("local:remote", "local-password-0123456789", controlled: true, controlling: false),
            requests.Build("local:remote", "local-password-0123456789", extraAttribute: 0x0033),
        ];

        var remote = new IPEndPoint(IPAddress.Loopback, 50000);
        var response = new byte[IceLiteAgent.MaxResponseLength];
        int exceptions = 0;
        int parsed = 0;
        int answered = 0;
        int ran = 0;
        var agent = NewAgent();
        for (int i = 0; i < Cases; i++)
        {
            byte[] datagram = Mutate(random, seeds[random.Next(seeds.Length)]);
            try
            {
                if (StunMessage.TryRead(datagram, out StunMessageView view))
                {
                    parsed++;
                    Touch(view);
                }

                StunMessage.TryPeekLocalUfrag(datagram, out _);
                IceResult result = agent.HandleBindingRequest(datagram, remote, i, response, out int length);
                if (length > 0)
                {
                    answered++;
                    Assert.True(StunMessage.TryRead(response.AsSpan(0, length), out StunMessageView reply));
                    Assert.True(reply.VerifyFingerprint());
                }

                if (result == IceResult.Closed)
                {
                    agent = NewAgent();
                }
            }
            catch (Exception)
            {
                exceptions++;
            }

            ran++;
        }

        Assert.Equal(Cases, ran);
        Assert.Equal(0, exceptions);

        // The mutation mix must exercise both the accept and the reject paths.
        Assert.InRange(parsed, Cases / 20, Cases - 1);
        Assert.True(answered > 0);
    }

    private static IceLiteAgent NewAgent() =>
        new("local", "local-password-0123456789", null, null, 0, new IceLiteAgentOptions { ConnectTimeoutMs = long.MaxValue / 4 });

    private static void Touch(StunMessageView view)
    {
        _ = view.Type;
        view.TryGetUsername(out _);
        view.TryGetMessageIntegrity(out _);
        view.VerifyMessageIntegrity("VOkJxbRl1RmTxUk/WvJxBt"u8);
        view.VerifyFingerprint();
        view.TryGetXorMappedAddress(out _);
        view.TryGetPriority(out _);
        _ = view.HasUseCandidate;
        view.TryGetIceControlling(out _);
        view.TryGetIceControlled(out _);
        view.TryGetErrorCode(out _, out _);
        foreach (StunAttribute attribute in view.GetAttributes())
        {
            _ = attribute.Value.Length;
        }
    }

    private static byte[] Mutate(Random random, byte[] seed)
    {
        switch (random.Next(6))
        {
            case 0:
            {
                // Pure random bytes, often with a STUN-looking header.
                var bytes = new byte[random.Next(0, 200)];
                random.NextBytes(bytes);
                if (bytes.Length >= 20 && random.Next(2) == 0)
                {
                    bytes[0] &= 0x01;
                    bytes[1] = 0x01;
                    bytes[2] = (byte)((bytes.Length - 20) >> 8);
                    bytes[3] = (byte)((bytes.Length - 20) & 0xFC);
                    bytes[4] = 0x21;
                    bytes[5] = 0x12;
                    bytes[6] = 0xA4;
                    bytes[7] = 0x42;
                }

                return bytes;
            }

            case 1:
            {
                // Bit flips.
                byte[] copy = (byte[])seed.Clone();
                int flips = random.Next(1, 4);
                for (int f = 0; f < flips; f++)
                {
                    copy[random.Next(copy.Length)] ^= (byte)(1 << random.Next(8));
                }

                return copy;
            }

            case 2:
                // Truncation.
                return seed.AsSpan(0, random.Next(seed.Length + 1)).ToArray();

            case 3:
            {
                // Corrupt an attribute length field (keeps the header consistent).
                byte[] copy = (byte[])seed.Clone();
                int offset = 20 + (4 * random.Next((copy.Length - 20) / 4));
                if (offset + 4 <= copy.Length)
                {
                    copy[offset + 2] = (byte)random.Next(256);
                    copy[offset + 3] = (byte)random.Next(256);
                }

                return copy;
            }

            case 4:
            {
                // Extend with random attributes and fix the header length.
                int extra = 4 * random.Next(1, 20);
                var copy = new byte[seed.Length + extra];
                seed.CopyTo(copy, 0);
                random.NextBytes(copy.AsSpan(seed.Length));
                int length = copy.Length - 20;
                copy[2] = (byte)(length >> 8);
                copy[3] = (byte)length;
                return copy;
            }

            default:
                // Unmodified seed (valid messages go through the full agent path).
                return (byte[])seed.Clone();
        }
    }
}
