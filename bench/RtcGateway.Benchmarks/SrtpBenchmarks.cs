using BenchmarkDotNet.Attributes;
using RtcGateway.WebRtc.Srtp;

namespace RtcGateway.Benchmarks;

/// <summary>SRTP protect of a 1,200-byte RTP packet (12-byte header + 1,188-byte payload), in place, per profile.</summary>
[MemoryDiagnoser]
public class SrtpBenchmarks
{
    private readonly byte[] _packet = new byte[1200 + SrtpContext.MaxRtpOverhead];
    private SrtpContext _sender = null!;
    private ushort _seq;

    /// <summary>Protection profile under test.</summary>
    [Params(SrtpProtectionProfile.Aes128CmHmacSha1_80, SrtpProtectionProfile.AeadAes128Gcm)]
    public SrtpProtectionProfile Profile { get; set; }

    /// <summary>Creates the sending context and a plain RTP packet.</summary>
    [GlobalSetup]
    public void Setup()
    {
        byte[] key = new byte[Profile.GetMasterKeyLength()];
        byte[] salt = new byte[Profile.GetMasterSaltLength()];
        new Random(1).NextBytes(key);
        new Random(2).NextBytes(salt);
        _sender = new SrtpContext(Profile, key, salt);
        _packet[0] = 0x80;
        _packet[1] = 96;
        _packet[8] = 0x12;
    }

    /// <summary>Releases the context.</summary>
    [GlobalCleanup]
    public void Cleanup() => _sender.Dispose();

    /// <summary>Protects the packet with the next sequence number (the ciphertext is simply re-encrypted each time).</summary>
    [Benchmark]
    public int ProtectRtp1200()
    {
        _seq++;
        _packet[2] = (byte)(_seq >> 8);
        _packet[3] = (byte)_seq;
        return _sender.ProtectRtp(_packet, 1200);
    }
}
