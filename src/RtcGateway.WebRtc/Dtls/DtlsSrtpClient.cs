using System.Collections;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Crypto.Tls;

namespace RtcGateway.WebRtc.Dtls;

/// <summary>
/// BouncyCastle DTLS 1.2 client offering use_srtp (RFC 5764) with an ECDSA certificate: drives
/// <see cref="DtlsWarmup"/> and the tests in place of a browser. Exports keying material in
/// <see cref="NotifyHandshakeComplete"/> like the server.
/// </summary>
internal sealed class DtlsSrtpClient : DefaultTlsClient
{
    private readonly DtlsCertificate? _certificate;
    private readonly int[] _offeredProfiles;
    private readonly int _handshakeTimeoutMillis;

    /// <param name="certificate">Client certificate, or null to answer the CertificateRequest with an empty chain.</param>
    /// <param name="offeredProfiles">use_srtp profiles in the client's order.</param>
    /// <param name="handshakeTimeoutMillis">BouncyCastle handshake timeout (ms).</param>
    public DtlsSrtpClient(DtlsCertificate? certificate, ReadOnlySpan<ushort> offeredProfiles, int handshakeTimeoutMillis)
    {
        _certificate = certificate;
        _offeredProfiles = new int[offeredProfiles.Length];
        for (int i = 0; i < offeredProfiles.Length; i++)
        {
            _offeredProfiles[i] = offeredProfiles[i];
        }

        _handshakeTimeoutMillis = handshakeTimeoutMillis;
    }

    /// <summary>Profile chosen by the server; 0 until ServerHello.</summary>
    public ushort SelectedSrtpProfile { get; private set; }

    /// <summary>Keying material exported by the client; null until the handshake completed.</summary>
    public byte[]? KeyingMaterial { get; private set; }

    /// <summary>SHA-256 over the DER of the server's certificate; null until received.</summary>
    public byte[]? ServerFingerprint { get; private set; }

    /// <summary>True once the server's close_notify arrived.</summary>
    public bool CloseNotifyReceived { get; private set; }

    public override void NotifyAlertReceived(byte alertLevel, byte alertDescription)
    {
        if (alertDescription == AlertDescription.close_notify)
        {
            CloseNotifyReceived = true;
        }
    }

    public override ProtocolVersion ClientVersion => ProtocolVersion.DTLSv12;

    public override ProtocolVersion MinimumVersion => ProtocolVersion.DTLSv12;

    public override int GetHandshakeTimeoutMillis() => _handshakeTimeoutMillis;

    public override int[] GetCipherSuites() =>
    [
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA,
    ];

    public override IDictionary GetClientExtensions()
    {
        IDictionary extensions = TlsExtensionsUtilities.EnsureExtensionsInitialised(base.GetClientExtensions());
        TlsSRTPUtils.AddUseSrtpExtension(extensions, new UseSrtpData(_offeredProfiles, []));
        return extensions;
    }

    public override void ProcessServerExtensions(IDictionary serverExtensions)
    {
        base.ProcessServerExtensions(serverExtensions);
        UseSrtpData? useSrtp = serverExtensions is null ? null : TlsSRTPUtils.GetUseSrtpExtension(serverExtensions);
        if (useSrtp?.ProtectionProfiles is not [int selected] || Array.IndexOf(_offeredProfiles, selected) < 0)
        {
            throw new TlsFatalAlert(AlertDescription.illegal_parameter);
        }

        SelectedSrtpProfile = (ushort)selected;
    }

    public override TlsAuthentication GetAuthentication() => new Authentication(this);

    public override void NotifyHandshakeComplete()
    {
        base.NotifyHandshakeComplete();
        KeyingMaterial = mContext.ExportKeyingMaterial(ExporterLabel.dtls_srtp, null,
            DtlsSrtpProfile.KeyingMaterialLength(SelectedSrtpProfile));
    }

    private sealed class Authentication(DtlsSrtpClient owner) : TlsAuthentication
    {
        public void NotifyServerCertificate(Certificate serverCertificate)
        {
            if (serverCertificate is null || serverCertificate.IsEmpty)
            {
                throw new TlsFatalAlert(AlertDescription.bad_certificate);
            }

            owner.ServerFingerprint = DtlsFingerprint.ComputeSha256(
                serverCertificate.GetCertificateAt(0).GetEncoded(Asn1Encodable.Der));
        }

        public TlsCredentials? GetClientCredentials(CertificateRequest certificateRequest) =>
            owner._certificate is null
                ? null
                : new DefaultTlsSignerCredentials(owner.mContext, owner._certificate.Chain, owner._certificate.PrivateKey,
                    new SignatureAndHashAlgorithm(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));
    }
}
