namespace RtcGateway.WebRtc.Srtp;

/// <summary>
/// The two SRTP master keys and salts taken from the DTLS exporter output, seen from our side: "local"
/// protects what we send, "remote" unprotects what the peer sends (RFC 5764 §4.2).
/// </summary>
public sealed class SrtpKeyingMaterial
{
    /// <summary>TLS exporter label for DTLS-SRTP keying material (RFC 5764 §4.2), used with no context.</summary>
    public const string ExporterLabel = "EXTRACTOR-dtls_srtp";

    private SrtpKeyingMaterial(SrtpProtectionProfile profile, byte[] localKey, byte[] localSalt, byte[] remoteKey, byte[] remoteSalt)
    {
        Profile = profile;
        LocalMasterKey = localKey;
        LocalMasterSalt = localSalt;
        RemoteMasterKey = remoteKey;
        RemoteMasterSalt = remoteSalt;
    }

    /// <summary>The negotiated protection profile.</summary>
    public SrtpProtectionProfile Profile { get; }

    /// <summary>Master key we protect with (16 bytes).</summary>
    public ReadOnlyMemory<byte> LocalMasterKey { get; }

    /// <summary>Master salt we protect with (14 bytes AES-CM, 12 bytes GCM).</summary>
    public ReadOnlyMemory<byte> LocalMasterSalt { get; }

    /// <summary>Master key the peer protects with, which we unprotect with (16 bytes).</summary>
    public ReadOnlyMemory<byte> RemoteMasterKey { get; }

    /// <summary>Master salt the peer protects with (14 bytes AES-CM, 12 bytes GCM).</summary>
    public ReadOnlyMemory<byte> RemoteMasterSalt { get; }

    /// <summary>
    /// Splits exporter output laid out as client_write_SRTP_master_key | server_write_SRTP_master_key |
    /// client_write_SRTP_master_salt | server_write_SRTP_master_salt (RFC 5764 §4.2). As the DTLS server we
    /// protect with the server key/salt; as the client with the client key/salt.
    /// </summary>
    /// <param name="exported">Exporter output, exactly <see cref="SrtpProtectionProfileExtensions.GetKeyingMaterialLength"/>
    /// bytes (60 for AES_CM_SHA1_80, 56 for AEAD_AES_128_GCM).</param>
    /// <param name="profile">Negotiated profile.</param>
    /// <param name="isDtlsServer">True when we were the DTLS server (<c>a=setup:passive</c>).</param>
    /// <returns>Copies of the four values; <paramref name="exported"/> is not retained.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Unsupported profile.</exception>
    /// <exception cref="ArgumentException">Wrong length of <paramref name="exported"/>.</exception>
    public static SrtpKeyingMaterial Split(ReadOnlySpan<byte> exported, SrtpProtectionProfile profile, bool isDtlsServer)
    {
        int keyLength = profile.GetMasterKeyLength();
        int saltLength = profile.GetMasterSaltLength();
        if (exported.Length != profile.GetKeyingMaterialLength())
        {
            throw new ArgumentException(
                $"Keying material for {profile} must be {profile.GetKeyingMaterialLength()} bytes, got {exported.Length}.",
                nameof(exported));
        }

        byte[] clientKey = exported.Slice(0, keyLength).ToArray();
        byte[] serverKey = exported.Slice(keyLength, keyLength).ToArray();
        byte[] clientSalt = exported.Slice(2 * keyLength, saltLength).ToArray();
        byte[] serverSalt = exported.Slice(2 * keyLength + saltLength, saltLength).ToArray();
        return isDtlsServer
            ? new SrtpKeyingMaterial(profile, serverKey, serverSalt, clientKey, clientSalt)
            : new SrtpKeyingMaterial(profile, clientKey, clientSalt, serverKey, serverSalt);
    }

    /// <summary>Creates the context that protects our outgoing RTP/RTCP (local key and salt).</summary>
    /// <param name="maxSsrcs">Maximum number of SSRCs the context tracks (see <see cref="SrtpContext"/>).</param>
    public SrtpContext CreateLocalContext(int maxSsrcs = SrtpContext.DefaultMaxSsrcs) =>
        new(Profile, LocalMasterKey.Span, LocalMasterSalt.Span, maxSsrcs);

    /// <summary>Creates the context that unprotects the peer's SRTP/SRTCP (remote key and salt).</summary>
    /// <param name="maxSsrcs">Maximum number of SSRCs the context tracks (see <see cref="SrtpContext"/>).</param>
    public SrtpContext CreateRemoteContext(int maxSsrcs = SrtpContext.DefaultMaxSsrcs) =>
        new(Profile, RemoteMasterKey.Span, RemoteMasterSalt.Span, maxSsrcs);
}
