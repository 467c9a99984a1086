using System.Net;
using System.Security.Cryptography;
using System.Text;
using RtcGateway.WebRtc.Stun;

namespace RtcGateway.Server.Tests.Transport;

/// <summary>Builds ICE connectivity checks (RFC 8445 §7.2.2) and reads the gateway's responses.</summary>
public static class StunProbe
{
    /// <summary>A Binding request as a controlling browser sends it: USERNAME "local:remote", PRIORITY, ICE-CONTROLLING,
    /// USE-CANDIDATE, MESSAGE-INTEGRITY keyed with <paramref name="password"/>, FINGERPRINT.</summary>
    public static byte[] BindingRequest(string username, string password, out byte[] transactionId)
    {
        transactionId = RandomNumberGenerator.GetBytes(StunMessage.TransactionIdLength);
        Span<byte> buffer = stackalloc byte[512];
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingRequest, transactionId);
        writer.AddUsername(Encoding.UTF8.GetBytes(username));
        writer.AddPriority(0x6E7F1EFF);
        writer.AddIceControlling(0x0102030405060708);
        writer.AddUseCandidate();
        writer.AddMessageIntegrity(Encoding.UTF8.GetBytes(password));
        writer.AddFingerprint();
        return writer.Written.ToArray();
    }

    /// <summary>What came back for a request.</summary>
    public sealed record Response(StunClass Class, int? ErrorCode, IPEndPoint? XorMappedAddress, bool IntegrityValid, bool FingerprintValid, byte[] TransactionId);

    public static Response? Read(byte[] datagram, string password)
    {
        if (!StunMessage.TryRead(datagram, out StunMessageView view))
        {
            return null;
        }

        int? code = view.TryGetErrorCode(out int c, out _) ? c : null;
        IPEndPoint? mapped = view.TryGetXorMappedAddress(out IPEndPoint? ep) ? ep : null;
        return new Response(view.Class, code, mapped, view.HasMessageIntegrity && view.VerifyMessageIntegrity(Encoding.UTF8.GetBytes(password)),
            view.HasFingerprint && view.VerifyFingerprint(), view.TransactionId.ToArray());
    }
}
