using System.Diagnostics;
using System.Runtime.Intrinsics;
using System.Security.Cryptography;

namespace RtcGateway.WebRtc.Srtp;

/// <summary>
/// AES counter mode as SRTP defines it (RFC 3711 §4.1.1): keystream block j = E(k, IV + j), where the IV's
/// low 16 bits are zero so "+ j" only touches the last two bytes (a packet is at most 2^16 blocks). The
/// counter blocks are encrypted with AES-ECB into reusable buffers, so a transform allocates nothing.
/// The ECB pass goes through one cached <see cref="ICryptoTransform"/>: <c>Aes.EncryptEcb(span, span)</c>
/// allocates 64 bytes per call on .NET 10 (measured), the cached transform allocates nothing.
/// Single-threaded.
/// </summary>
internal sealed class AesCounterMode : IDisposable
{
    private const int ChunkBytes = 1024;
    private readonly Aes _aes;
    private readonly ICryptoTransform _ecb;
    private readonly byte[] _counterBlocks = new byte[ChunkBytes];
    private readonly byte[] _keystream = new byte[ChunkBytes];

    public AesCounterMode(ReadOnlySpan<byte> key)
    {
        _aes = Aes.Create();
        _aes.Key = key.ToArray();
        _aes.Mode = CipherMode.ECB;
        _aes.Padding = PaddingMode.None;
        _ecb = _aes.CreateEncryptor();
    }

    /// <summary>XORs <paramref name="data"/> in place with the keystream starting at <paramref name="iv"/> (16 bytes, low 16 bits zero).</summary>
    public void Transform(ReadOnlySpan<byte> iv, Span<byte> data)
    {
        Debug.Assert(iv.Length == 16 && iv[14] == 0 && iv[15] == 0);
        int block = 0;
        while (!data.IsEmpty)
        {
            int n = Math.Min(data.Length, ChunkBytes);
            int blocks = (n + 15) >> 4;
            Span<byte> counters = _counterBlocks.AsSpan(0, blocks * 16);
            for (int b = 0; b < blocks; b++)
            {
                Span<byte> counter = counters.Slice(b * 16, 16);
                iv.CopyTo(counter);
                int j = block + b;
                counter[14] = (byte)(j >> 8);
                counter[15] = (byte)j;
            }

            int produced = _ecb.TransformBlock(_counterBlocks, 0, blocks * 16, _keystream, 0);
            Debug.Assert(produced == blocks * 16);
            Xor(data.Slice(0, n), _keystream.AsSpan(0, n));
            data = data.Slice(n);
            block += blocks;
        }
    }

    /// <summary>Writes the keystream itself (the transform of zeros) into <paramref name="output"/>; used by key derivation.</summary>
    public void Keystream(ReadOnlySpan<byte> iv, Span<byte> output)
    {
        output.Clear();
        Transform(iv, output);
    }

    private static void Xor(Span<byte> data, ReadOnlySpan<byte> keystream)
    {
        int i = 0;
        for (; i + 16 <= data.Length; i += 16)
        {
            Vector128<byte> v = Vector128.Create<byte>(data.Slice(i, 16)) ^ Vector128.Create<byte>(keystream.Slice(i, 16));
            v.CopyTo(data.Slice(i, 16));
        }

        for (; i < data.Length; i++)
        {
            data[i] ^= keystream[i];
        }
    }

    public void Dispose()
    {
        _ecb.Dispose();
        _aes.Dispose();
    }
}
