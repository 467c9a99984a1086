using RtcGateway.WebRtc.Srtp;

namespace RtcGateway.WebRtc.Tests.Srtp;

/// <summary>Known-answer tests: RFC 3711 Appendix B.2/B.3 and RFC 7714 §16.1 / §17.1 / §17.3.</summary>
public class SrtpTestVectorTests
{
    private static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", string.Empty));

    // RFC 3711 Appendix B.2: AES-CM keystream, session key 2B7E..., salt F0F1...FCFD, SSRC 0, index 0.
    [Fact]
    public void Rfc3711_B2_AesCmKeystream()
    {
        byte[] sessionKey = Hex("2B7E151628AED2A6ABF7158809CF4F3C");
        byte[] sessionSalt = Hex("F0F1F2F3F4F5F6F7F8F9FAFBFCFD");
        Span<byte> iv = stackalloc byte[16];
        AesCmHmacSha1Transform.BuildIv(sessionSalt, ssrc: 0, index: 0, iv);
        Assert.Equal(Hex("F0F1F2F3F4F5F6F7F8F9FAFBFCFD0000"), iv.ToArray());

        using var cipher = new AesCounterMode(sessionKey);
        byte[] keystream = new byte[1044512]; // 65282 blocks, as the appendix states
        cipher.Keystream(iv, keystream);
        Assert.Equal(Hex("E03EAD0935C95E80E166B16DD92B4EB4 D23513162B02D0F72A43A2FE4A5F97AB 41E95B3BB0A2E8DD477901E4FCA894C0"), keystream[..48]);
        Assert.Equal(Hex("EC8CDF7398607CB0F2D21675EA9EA1E4 362B7C3C6773516318A077D7FC5073AE 6A2CC3787889374FBEB4C81B17BA6C44"), keystream[^48..]);
    }

    // RFC 3711 Appendix B.3: key derivation with kdr = 0.
    [Fact]
    public void Rfc3711_B3_KeyDerivation()
    {
        byte[] masterKey = Hex("E1F97A0D3E018BE0D64FA32C06DE4139");
        byte[] masterSalt = Hex("0EC675AD498AFEEBB6960B3AABE6");
        using var master = new AesCounterMode(masterKey);

        byte[] cipherKey = new byte[16];
        SrtpKeyDerivation.Derive(master, masterSalt, SrtpKeyDerivation.SrtpEncryption, cipherKey);
        Assert.Equal(Hex("C61E7A93744F39EE10734AFE3FF7A087"), cipherKey);

        byte[] cipherSalt = new byte[14];
        SrtpKeyDerivation.Derive(master, masterSalt, SrtpKeyDerivation.SrtpSalt, cipherSalt);
        Assert.Equal(Hex("30CBBC08863D8C85D49DB34A9AE1"), cipherSalt);

        byte[] authKey = new byte[94];
        SrtpKeyDerivation.Derive(master, masterSalt, SrtpKeyDerivation.SrtpAuthentication, authKey);
        Assert.Equal(
            Hex("CEBE321F6FF7716B6FD4AB49AF256A15 6D38BAA48F0A0ACF3C34E2359E6CDBCE E049646C43D9327AD175578EF7227098 " +
                "6371C10C9A369AC2F94A8C5FBCDDDC25 6D6E919A48B610EF17C2041E47403576 6B68642C59BBFC2F34DB60DBDFB2"),
            authKey);
    }

    // RFC 7714 §16: key 000102...0f, salt "Quid pro quo"; the vectors use session keys directly.
    private static readonly byte[] GcmKey = Hex("000102030405060708090a0b0c0d0e0f");
    private static readonly byte[] GcmSalt = Hex("517569642070726f2071756f");

    private const string Rfc7714Rtp =
        "8040f17b8041f8d35501a0b2 47616c6c696120657374206f6d6e69732064697669736120696e207061727465732074726573";

    private const string Rfc7714Srtp =
        "8040f17b8041f8d35501a0b2 f24de3a3fb34de6cacba861c9d7e4bcabe633bd50d294e6f42a5f47a51c7d19b36de3adf8833 899d7f27beb16a9152cf765ee4390cce";

    private const string Rfc7714Rtcp =
        "81c8000d4d6172734e5450314e545032525450200000042a0000e9304c756e61deadbeefdeadbeefdeadbeefdeadbeefdeadbeef";

    private const string Rfc7714Srtcp =
        "81c8000d4d617273 63e94885dcdab67ca727d7662f6b7e997ff5c0f76c06f32dc676a5f1730d6fda4ce09b4686303ded0bb9275bc84aa45896cf4d2fc5abf87245d9ea de800005d4";

    private const string Rfc7714SrtcpTagOnly =
        "81c8000d4d6172734e5450314e545032525450200000042a0000e9304c756e61deadbeefdeadbeefdeadbeefdeadbeefdeadbeef 841dd9683dd78ec92ae58790125f62b3 000005d4";

    private static SrtpContext GcmSessionContext() =>
        new(SrtpProtectionProfile.AeadAes128Gcm, new AeadAesGcmTransform(GcmKey, GcmSalt, sessionKeys: true), SrtpContext.DefaultMaxSsrcs);

    [Fact]
    public void Rfc7714_16_1_Iv()
    {
        Span<byte> iv = stackalloc byte[12];
        AeadAesGcmTransform.BuildRtpIv(GcmSalt, 0x5501a0b2, 0xf17b, iv);
        Assert.Equal(Hex("51753c6580c2726f20718414"), iv.ToArray());
    }

    [Fact]
    public void Rfc7714_16_1_1_RtpEncryption()
    {
        byte[] rtp = Hex(Rfc7714Rtp);
        byte[] buffer = new byte[rtp.Length + SrtpContext.MaxRtpOverhead];
        rtp.CopyTo(buffer, 0);
        using SrtpContext sender = GcmSessionContext();
        int length = sender.ProtectRtp(buffer, rtp.Length);
        Assert.Equal(Hex(Rfc7714Srtp), buffer[..length]);
    }

    [Fact]
    public void Rfc7714_16_1_2_RtpDecryption()
    {
        byte[] buffer = Hex(Rfc7714Srtp);
        using SrtpContext receiver = GcmSessionContext();
        Assert.True(receiver.TryUnprotectRtp(buffer, buffer.Length, out int length, out SrtpError error), error.ToString());
        Assert.Equal(Hex(Rfc7714Rtp), buffer[..length]);
    }

    [Fact]
    public void Rfc7714_17_1_RtcpEncryption()
    {
        byte[] rtcp = Hex(Rfc7714Rtcp);
        byte[] buffer = new byte[rtcp.Length + SrtpContext.MaxRtcpOverhead];
        rtcp.CopyTo(buffer, 0);
        using var transform = new AeadAesGcmTransform(GcmKey, GcmSalt, sessionKeys: true);
        transform.ProtectRtcp(buffer, rtcp.Length, 0x4d617273, 0x5d4);
        Assert.Equal(Hex(Rfc7714Srtcp), buffer);
    }

    [Fact]
    public void Rfc7714_17_2_RtcpDecryption()
    {
        byte[] buffer = Hex(Rfc7714Srtcp);
        using SrtpContext receiver = GcmSessionContext();
        Assert.True(receiver.TryUnprotectRtcp(buffer, buffer.Length, out int length, out SrtpError error), error.ToString());
        Assert.Equal(Hex(Rfc7714Rtcp), buffer[..length]);
    }

    [Fact]
    public void Rfc7714_17_3_RtcpTaggingOnly_IsAccepted()
    {
        byte[] buffer = Hex(Rfc7714SrtcpTagOnly);
        using SrtpContext receiver = GcmSessionContext();
        Assert.True(receiver.TryUnprotectRtcp(buffer, buffer.Length, out int length, out SrtpError error), error.ToString());
        Assert.Equal(Hex(Rfc7714Rtcp), buffer[..length]);

        byte[] tampered = Hex(Rfc7714SrtcpTagOnly);
        tampered[20] ^= 0x01;
        using SrtpContext fresh = GcmSessionContext();
        Assert.False(fresh.TryUnprotectRtcp(tampered, tampered.Length, out _, out error));
        Assert.Equal(SrtpError.AuthenticationFailed, error);
    }

    [Fact]
    public void Rfc7714_16_1_TamperedTag_IsRejected()
    {
        for (int position = 0; position < Hex(Rfc7714Srtp).Length; position++)
        {
            byte[] buffer = Hex(Rfc7714Srtp);
            buffer[position] ^= 0x80;
            using SrtpContext receiver = GcmSessionContext();
            Assert.False(receiver.TryUnprotectRtp(buffer, buffer.Length, out _, out SrtpError error));
            Assert.NotEqual(SrtpError.None, error);
        }
    }
}
