using System.Text;
using RtcGateway.WebRtc.Stun;

namespace RtcGateway.WebRtc.Tests.Stun;

/// <summary>Builds browser-like ICE Binding requests (RFC 8445 §7.2.2) for tests.</summary>
internal sealed class BindingRequests
{
    private readonly Random _random;

    public BindingRequests(int seed = 1) => _random = new Random(seed);

    public byte[] Build(
        string username,
        string password,
        bool useCandidate = false,
        bool controlling = true,
        bool controlled = false,
        bool fingerprint = true,
        bool integrity = true,
        ushort? extraAttribute = null,
        byte[]? transactionId = null)
    {
        byte[] tid = transactionId ?? NewTransactionId();
        var buffer = new byte[512];
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingRequest, tid);
        if (username.Length > 0)
        {
            writer.AddUsername(Encoding.UTF8.GetBytes(username));
        }

        writer.AddAttribute(0xC057, [0x00, 0x01, 0x00, 0x0A]); // GOOG-NETWORK-INFO, comprehension-optional
        if (controlling)
        {
            writer.AddIceControlling(0x1122334455667788UL);
        }

        if (controlled)
        {
            writer.AddIceControlled(0x0102030405060708UL);
        }

        writer.AddPriority(0x6E0001FF);
        if (useCandidate)
        {
            writer.AddUseCandidate();
        }

        if (extraAttribute is ushort extra)
        {
            writer.AddAttribute(extra, [1, 2, 3]);
        }

        if (integrity)
        {
            writer.AddMessageIntegrity(Encoding.UTF8.GetBytes(password));
        }

        if (fingerprint)
        {
            writer.AddFingerprint();
        }

        return writer.Written.ToArray();
    }

    public byte[] NewTransactionId()
    {
        var tid = new byte[12];
        _random.NextBytes(tid);
        return tid;
    }
}
