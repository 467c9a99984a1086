namespace RtcGateway.WebRtc.Srtp;

/// <summary>
/// The cryptographic part of one protection profile, given already-parsed positions and the packet index.
/// Index estimation, replay protection and SSRC bookkeeping live in <see cref="SrtpContext"/>.
/// All methods work in place; a failed unprotect may leave the buffer modified.
/// </summary>
internal interface ISrtpTransform : IDisposable
{
    /// <summary>Encrypts payload [headerLength, length) and appends the tag at [length, length + tag).</summary>
    void ProtectRtp(Span<byte> packet, int headerLength, int length, uint ssrc, ulong index);

    /// <summary>Verifies the tag ending at <paramref name="length"/> and decrypts the payload; false when authentication fails.</summary>
    bool UnprotectRtp(Span<byte> packet, int headerLength, int length, uint ssrc, ulong index);

    /// <summary>Encrypts [8, length) and appends E-flag/index word and tag (profile order), E = 1.</summary>
    void ProtectRtcp(Span<byte> packet, int length, uint ssrc, uint srtcpIndex);

    /// <summary>Verifies and (when <paramref name="encrypted"/>) decrypts an SRTCP packet of <paramref name="length"/> bytes including the trailer.</summary>
    bool UnprotectRtcp(Span<byte> packet, int length, uint ssrc, uint srtcpIndex, bool encrypted);
}
