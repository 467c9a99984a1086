using System.Buffers.Binary;

namespace RtcGateway.WebRtc.Srtp;

/// <summary>
/// SRTP/SRTCP cryptographic context for ONE direction of one peer (RFC 3711 §3.2): a sending context
/// protects our SSRCs, a receiving context unprotects the peer's. Session keys are derived once from the
/// master key and salt with key derivation rate 0 (RFC 3711 §4.3). Per-SSRC state (ROC / highest index,
/// replay windows, SRTCP index) is kept for at most <see cref="MaxSsrcs"/> SSRCs.
/// <para>
/// All operations work in place on the caller's buffer and allocate nothing. Unprotect methods never throw
/// on wire input; on failure they return false with an <see cref="SrtpError"/> and the buffer contents in
/// [0, length) are unspecified. Not thread-safe: drive it from one loop.
/// </para>
/// </summary>
public sealed class SrtpContext : IDisposable
{
    /// <summary>Largest number of bytes SRTP protection appends to an RTP packet over all supported profiles (16, the GCM tag).</summary>
    public const int MaxRtpOverhead = 16;

    /// <summary>Largest number of bytes SRTCP protection appends to an RTCP packet over all supported profiles (20: GCM tag + index word).</summary>
    public const int MaxRtcpOverhead = 20;

    /// <summary>Default bound on tracked SSRCs per context.</summary>
    public const int DefaultMaxSsrcs = 32;

    /// <summary>Replay window size in packets (RFC 3711 §3.3.2 minimum), for SRTP and SRTCP.</summary>
    public const int ReplayWindowSize = SrtpReplayWindow.Size;

    private readonly ISrtpTransform _transform;
    private readonly SrtpStreamState[] _streams;
    private readonly int _rtpTagLength;
    private readonly int _srtcpTrailerLength;
    private int _streamCount;
    private int _lastStream;

    /// <summary>Creates a context from a DTLS-SRTP (or SDES) master key and salt.</summary>
    /// <param name="profile">Protection profile.</param>
    /// <param name="masterKey">16-byte master key.</param>
    /// <param name="masterSalt">Master salt: 14 bytes for AES-CM, 12 bytes for AEAD_AES_128_GCM.</param>
    /// <param name="maxSsrcs">Maximum SSRCs tracked (≥ 1); packets of further SSRCs fail with <see cref="SrtpError.SsrcLimitReached"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">Unsupported profile or <paramref name="maxSsrcs"/> &lt; 1.</exception>
    /// <exception cref="ArgumentException">Key or salt of the wrong length.</exception>
    public SrtpContext(SrtpProtectionProfile profile, ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt, int maxSsrcs = DefaultMaxSsrcs)
        : this(profile, CreateTransform(profile, masterKey, masterSalt), maxSsrcs)
    {
    }

    internal SrtpContext(SrtpProtectionProfile profile, ISrtpTransform transform, int maxSsrcs)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSsrcs, 1);
        Profile = profile;
        _transform = transform;
        _streams = new SrtpStreamState[maxSsrcs];
        _rtpTagLength = profile.GetRtpAuthTagLength();
        _srtcpTrailerLength = profile.GetSrtcpTrailerLength();
    }

    /// <summary>The protection profile this context implements.</summary>
    public SrtpProtectionProfile Profile { get; }

    /// <summary>Maximum number of SSRCs this context tracks.</summary>
    public int MaxSsrcs => _streams.Length;

    /// <summary>Number of SSRCs currently tracked.</summary>
    public int SsrcCount => _streamCount;

    /// <summary>Bytes <see cref="ProtectRtp(Span{byte}, int)"/> appends for this profile (10 or 16).</summary>
    public int RtpOverhead => _rtpTagLength;

    /// <summary>Bytes <see cref="ProtectRtcp"/> appends for this profile (14 or 20).</summary>
    public int RtcpOverhead => _srtcpTrailerLength;

    /// <summary>
    /// Protects an RTP packet in place (RFC 3711 §3.3 / RFC 7714 §8) and returns the SRTP length
    /// (<paramref name="length"/> + <see cref="RtpOverhead"/>). The packet index is estimated from the highest
    /// index already sent for the SSRC (RFC 3711 §3.3.1): new sequence numbers past 65535 → 0 increment the ROC,
    /// and re-sending an older sequence number (NACK retransmission, within 32,768 of the newest) reuses the ROC
    /// it was first sent with. Re-sending must carry the same payload (same index ⇒ same keystream / GCM nonce).
    /// </summary>
    /// <param name="buffer">Buffer holding the RTP packet at [0, length) with room for the tag after it.</param>
    /// <param name="length">RTP packet length in bytes.</param>
    /// <returns>The protected length.</returns>
    /// <exception cref="ArgumentException">Malformed packet, buffer too small, SSRC limit or index out of range (<see cref="SrtpError"/> in the message).</exception>
    public int ProtectRtp(Span<byte> buffer, int length)
    {
        if (!TryProtectRtp(buffer, length, out int protectedLength, out SrtpError error))
        {
            throw new ArgumentException($"Cannot protect RTP packet: {error}.", nameof(buffer));
        }

        return protectedLength;
    }

    /// <summary>
    /// Like <see cref="ProtectRtp(Span{byte}, int)"/> but with an explicit rollover counter: the packet index is
    /// 2^16 · <paramref name="rolloverCounter"/> + SEQ. Use it when the caller stored the ROC with a packet
    /// in its retransmission history.
    /// </summary>
    /// <param name="buffer">Buffer holding the RTP packet at [0, length) with room for the tag after it.</param>
    /// <param name="length">RTP packet length in bytes.</param>
    /// <param name="rolloverCounter">The ROC the packet's sequence number belongs to.</param>
    /// <returns>The protected length.</returns>
    /// <exception cref="ArgumentException">Malformed packet, buffer too small or SSRC limit.</exception>
    public int ProtectRtp(Span<byte> buffer, int length, uint rolloverCounter)
    {
        if (!TryProtectRtp(buffer, length, rolloverCounter, out int protectedLength, out SrtpError error))
        {
            throw new ArgumentException($"Cannot protect RTP packet: {error}.", nameof(buffer));
        }

        return protectedLength;
    }

    /// <summary>Non-throwing <see cref="ProtectRtp(Span{byte}, int)"/>.</summary>
    /// <param name="buffer">Buffer holding the RTP packet at [0, length) with room for the tag after it.</param>
    /// <param name="length">RTP packet length in bytes.</param>
    /// <param name="protectedLength">SRTP length on success, 0 otherwise.</param>
    /// <param name="error">Reason on failure; the buffer is then unchanged.</param>
    public bool TryProtectRtp(Span<byte> buffer, int length, out int protectedLength, out SrtpError error) =>
        TryProtectRtpCore(buffer, length, explicitRoc: false, 0, out protectedLength, out error);

    /// <summary>Non-throwing <see cref="ProtectRtp(Span{byte}, int, uint)"/>.</summary>
    /// <param name="buffer">Buffer holding the RTP packet at [0, length) with room for the tag after it.</param>
    /// <param name="length">RTP packet length in bytes.</param>
    /// <param name="rolloverCounter">The ROC the packet's sequence number belongs to.</param>
    /// <param name="protectedLength">SRTP length on success, 0 otherwise.</param>
    /// <param name="error">Reason on failure; the buffer is then unchanged.</param>
    public bool TryProtectRtp(Span<byte> buffer, int length, uint rolloverCounter, out int protectedLength, out SrtpError error) =>
        TryProtectRtpCore(buffer, length, explicitRoc: true, rolloverCounter, out protectedLength, out error);

    private bool TryProtectRtpCore(Span<byte> buffer, int length, bool explicitRoc, uint roc, out int protectedLength, out SrtpError error)
    {
        protectedLength = 0;
        if ((uint)length > (uint)buffer.Length)
        {
            error = SrtpError.TooShort;
            return false;
        }

        error = SrtpRtpHeader.TryRead(buffer.Slice(0, length), out int headerLength, out ushort seq, out uint ssrc);
        if (error != SrtpError.None)
        {
            return false;
        }

        if (buffer.Length - length < _rtpTagLength)
        {
            error = SrtpError.BufferTooSmall;
            return false;
        }

        int stream = FindOrAddStream(ssrc);
        if (stream < 0)
        {
            error = SrtpError.SsrcLimitReached;
            return false;
        }

        ref SrtpStreamState state = ref _streams[stream];
        ulong index;
        if (explicitRoc)
        {
            index = ((ulong)roc << 16) | seq;
        }
        else if (!state.Rtp.Started)
        {
            index = seq;
        }
        else if (!SrtpPacketIndex.TryEstimate(state.Rtp.Highest, seq, out index))
        {
            error = SrtpError.IndexOutOfRange;
            return false;
        }

        _transform.ProtectRtp(buffer, headerLength, length, ssrc, index);
        if (!state.Rtp.Started || index > state.Rtp.Highest)
        {
            state.Rtp.Started = true;
            state.Rtp.Highest = index;
        }

        protectedLength = length + _rtpTagLength;
        return true;
    }

    /// <summary>
    /// Verifies and decrypts an SRTP packet in place (RFC 3711 §3.3 / RFC 7714 §8): index estimation (§3.3.1),
    /// replay check against a 64-packet window (§3.3.2), authentication, decryption; state is updated only
    /// after authentication succeeds. Never throws.
    /// </summary>
    /// <param name="buffer">Buffer holding the SRTP packet at [0, length).</param>
    /// <param name="length">SRTP packet length in bytes.</param>
    /// <param name="rtpLength">On success the plain RTP packet length (header + payload) at [0, rtpLength); else 0.</param>
    public bool TryUnprotectRtp(Span<byte> buffer, int length, out int rtpLength) =>
        TryUnprotectRtp(buffer, length, out rtpLength, out _);

    /// <summary>As <see cref="TryUnprotectRtp(Span{byte}, int, out int)"/>, also giving the reason of a failure.</summary>
    /// <param name="buffer">Buffer holding the SRTP packet at [0, length).</param>
    /// <param name="length">SRTP packet length in bytes.</param>
    /// <param name="rtpLength">On success the plain RTP packet length at [0, rtpLength); else 0.</param>
    /// <param name="error">Reason on failure, <see cref="SrtpError.None"/> on success.</param>
    public bool TryUnprotectRtp(Span<byte> buffer, int length, out int rtpLength, out SrtpError error)
    {
        rtpLength = 0;
        if ((uint)length > (uint)buffer.Length)
        {
            error = SrtpError.TooShort;
            return false;
        }

        Span<byte> packet = buffer.Slice(0, length);
        int rtpEnd = length - _rtpTagLength;
        if (rtpEnd < 12)
        {
            error = SrtpError.TooShort;
            return false;
        }

        error = SrtpRtpHeader.TryRead(packet.Slice(0, rtpEnd), out int headerLength, out ushort seq, out uint ssrc);
        if (error != SrtpError.None)
        {
            return false;
        }

        int stream = FindStream(ssrc);
        ulong index;
        if (stream < 0)
        {
            if (_streamCount == _streams.Length)
            {
                error = SrtpError.SsrcLimitReached;
                return false;
            }

            index = seq; // first packet of an SSRC: ROC = 0, s_l = SEQ (RFC 3711 §3.3.1)
        }
        else
        {
            ref SrtpStreamState known = ref _streams[stream];
            if (!SrtpPacketIndex.TryEstimate(known.Rtp.Highest, seq, out index))
            {
                error = SrtpError.TooOld;
                return false;
            }

            error = known.Rtp.Check(index);
            if (error != SrtpError.None)
            {
                return false;
            }
        }

        if (!_transform.UnprotectRtp(packet, headerLength, length, ssrc, index))
        {
            error = SrtpError.AuthenticationFailed;
            return false;
        }

        if (stream < 0)
        {
            stream = AddStream(ssrc);
        }

        _streams[stream].Rtp.Accept(index);
        rtpLength = rtpEnd;
        return true;
    }

    /// <summary>
    /// Protects an RTCP compound packet in place (RFC 3711 §3.4 / RFC 7714 §9) with E = 1 and the next SRTCP
    /// index of the sender SSRC (bytes 4..7), and returns the SRTCP length (<paramref name="length"/> + <see cref="RtcpOverhead"/>).
    /// </summary>
    /// <param name="buffer">Buffer holding the RTCP packet at [0, length) with room for the trailer after it.</param>
    /// <param name="length">RTCP compound packet length in bytes (≥ 8).</param>
    /// <returns>The protected length.</returns>
    /// <exception cref="ArgumentException">Malformed packet, buffer too small, SSRC limit or SRTCP index exhausted.</exception>
    public int ProtectRtcp(Span<byte> buffer, int length)
    {
        if (!TryProtectRtcp(buffer, length, out int protectedLength, out SrtpError error))
        {
            throw new ArgumentException($"Cannot protect RTCP packet: {error}.", nameof(buffer));
        }

        return protectedLength;
    }

    /// <summary>Non-throwing <see cref="ProtectRtcp"/>.</summary>
    /// <param name="buffer">Buffer holding the RTCP packet at [0, length) with room for the trailer after it.</param>
    /// <param name="length">RTCP compound packet length in bytes (≥ 8).</param>
    /// <param name="protectedLength">SRTCP length on success, 0 otherwise.</param>
    /// <param name="error">Reason on failure; the buffer is then unchanged.</param>
    public bool TryProtectRtcp(Span<byte> buffer, int length, out int protectedLength, out SrtpError error)
    {
        protectedLength = 0;
        if ((uint)length > (uint)buffer.Length || length < 8)
        {
            error = SrtpError.TooShort;
            return false;
        }

        if ((buffer[0] >> 6) != 2)
        {
            error = SrtpError.MalformedHeader;
            return false;
        }

        if (buffer.Length - length < _srtcpTrailerLength)
        {
            error = SrtpError.BufferTooSmall;
            return false;
        }

        uint ssrc = BinaryPrimitives.ReadUInt32BigEndian(buffer.Slice(4, 4));
        int stream = FindOrAddStream(ssrc);
        if (stream < 0)
        {
            error = SrtpError.SsrcLimitReached;
            return false;
        }

        ref SrtpStreamState state = ref _streams[stream];
        if (state.NextSrtcpIndex > 0x7FFF_FFFFu)
        {
            error = SrtpError.IndexOutOfRange;
            return false;
        }

        _transform.ProtectRtcp(buffer, length, ssrc, state.NextSrtcpIndex);
        state.NextSrtcpIndex++;
        protectedLength = length + _srtcpTrailerLength;
        error = SrtpError.None;
        return true;
    }

    /// <summary>
    /// Verifies and (when the E flag is set) decrypts an SRTCP packet in place (RFC 3711 §3.4 / RFC 7714 §9),
    /// with a 64-packet replay window over the SRTCP index of the sender SSRC. Never throws.
    /// </summary>
    /// <param name="buffer">Buffer holding the SRTCP packet at [0, length).</param>
    /// <param name="length">SRTCP packet length in bytes.</param>
    /// <param name="rtcpLength">On success the plain RTCP compound length at [0, rtcpLength); else 0.</param>
    public bool TryUnprotectRtcp(Span<byte> buffer, int length, out int rtcpLength) =>
        TryUnprotectRtcp(buffer, length, out rtcpLength, out _);

    /// <summary>As <see cref="TryUnprotectRtcp(Span{byte}, int, out int)"/>, also giving the reason of a failure.</summary>
    /// <param name="buffer">Buffer holding the SRTCP packet at [0, length).</param>
    /// <param name="length">SRTCP packet length in bytes.</param>
    /// <param name="rtcpLength">On success the plain RTCP compound length; else 0.</param>
    /// <param name="error">Reason on failure, <see cref="SrtpError.None"/> on success.</param>
    public bool TryUnprotectRtcp(Span<byte> buffer, int length, out int rtcpLength, out SrtpError error)
    {
        rtcpLength = 0;
        if ((uint)length > (uint)buffer.Length || length < 8 + _srtcpTrailerLength)
        {
            error = SrtpError.TooShort;
            return false;
        }

        Span<byte> packet = buffer.Slice(0, length);
        if ((packet[0] >> 6) != 2)
        {
            error = SrtpError.MalformedHeader;
            return false;
        }

        uint ssrc = BinaryPrimitives.ReadUInt32BigEndian(packet.Slice(4, 4));
        // AES-CM: ... | E||index | tag(10); GCM: ... | tag(16) | E||index.
        int wordOffset = Profile == SrtpProtectionProfile.AeadAes128Gcm ? length - 4 : length - _srtcpTrailerLength;
        uint word = BinaryPrimitives.ReadUInt32BigEndian(packet.Slice(wordOffset, 4));
        bool encrypted = (word & 0x8000_0000u) != 0;
        uint index = word & 0x7FFF_FFFFu;

        int stream = FindStream(ssrc);
        if (stream < 0)
        {
            if (_streamCount == _streams.Length)
            {
                error = SrtpError.SsrcLimitReached;
                return false;
            }
        }
        else
        {
            error = _streams[stream].Rtcp.Check(index);
            if (error != SrtpError.None)
            {
                return false;
            }
        }

        if (!_transform.UnprotectRtcp(packet, length, ssrc, index, encrypted))
        {
            error = SrtpError.AuthenticationFailed;
            return false;
        }

        if (stream < 0)
        {
            stream = AddStream(ssrc);
        }

        _streams[stream].Rtcp.Accept(index);
        rtcpLength = length - _srtcpTrailerLength;
        error = SrtpError.None;
        return true;
    }

    /// <summary>
    /// The rollover counter of the highest packet index sent or received for <paramref name="ssrc"/>
    /// (RFC 3711 §3.2.1), e.g. to store with a packet in a retransmission history.
    /// </summary>
    /// <param name="ssrc">Synchronization source.</param>
    /// <param name="rolloverCounter">ROC, or 0 when false.</param>
    /// <returns>False when no RTP packet of the SSRC was protected/accepted yet.</returns>
    public bool TryGetRolloverCounter(uint ssrc, out uint rolloverCounter)
    {
        int stream = FindStream(ssrc);
        if (stream < 0 || !_streams[stream].Rtp.Started)
        {
            rolloverCounter = 0;
            return false;
        }

        rolloverCounter = (uint)(_streams[stream].Rtp.Highest >> 16);
        return true;
    }

    /// <summary>Releases the AES/AES-GCM key schedules.</summary>
    public void Dispose() => _transform.Dispose();

    private int FindStream(uint ssrc)
    {
        if (_lastStream < _streamCount && _streams[_lastStream].Ssrc == ssrc)
        {
            return _lastStream;
        }

        for (int i = 0; i < _streamCount; i++)
        {
            if (_streams[i].Ssrc == ssrc)
            {
                _lastStream = i;
                return i;
            }
        }

        return -1;
    }

    private int FindOrAddStream(uint ssrc)
    {
        int stream = FindStream(ssrc);
        return stream >= 0 ? stream : _streamCount == _streams.Length ? -1 : AddStream(ssrc);
    }

    private int AddStream(uint ssrc)
    {
        int stream = _streamCount++;
        _streams[stream] = new SrtpStreamState { Ssrc = ssrc };
        _lastStream = stream;
        return stream;
    }

    private static ISrtpTransform CreateTransform(SrtpProtectionProfile profile, ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt)
    {
        if (masterKey.Length != profile.GetMasterKeyLength())
        {
            throw new ArgumentException($"{profile} needs a {profile.GetMasterKeyLength()}-byte master key.", nameof(masterKey));
        }

        if (masterSalt.Length != profile.GetMasterSaltLength())
        {
            throw new ArgumentException($"{profile} needs a {profile.GetMasterSaltLength()}-byte master salt.", nameof(masterSalt));
        }

        return profile == SrtpProtectionProfile.AeadAes128Gcm
            ? new AeadAesGcmTransform(masterKey, masterSalt)
            : new AesCmHmacSha1Transform(masterKey, masterSalt);
    }
}
