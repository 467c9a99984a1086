using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace RtcGateway.WebRtc.Dtls;

/// <summary>
/// BouncyCastle 2.x DTLS 1.2 client offering use_srtp (RFC 5764) with an ECDSA certificate: drives
/// <see cref="DtlsWarmup"/> and the tests in place of a browser. Exports keying material in
/// <see cref="NotifyHandshakeComplete"/> like the server.
/// </summary>
internal sealed class DtlsSrtpClient : DefaultTlsClient
{
    private readonly DtlsCertificate? _certificate;
    private readonly int[] _offeredProfiles;
    private readonly int _handshakeTimeoutMillis;

    /// <param name="crypto">BouncyCastle crypto provider of this client.</param>
    /// <param name="certificate">Client certificate, or null to answer the CertificateRequest with an empty chain.</param>
    /// <param name="offeredProfiles">use_srtp profiles in the client's order.</param>
    /// <param name="handshakeTimeoutMillis">BouncyCastle handshake timeout (ms).</param>
    public DtlsSrtpClient(BcTlsCrypto crypto, DtlsCertificate? certificate, ReadOnlySpan<ushort> offeredProfiles,
        int handshakeTimeoutMillis)
        : base(crypto)
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

    public override void NotifyAlertReceived(short alertLevel, short alertDescription)
    {
        if (alertDescription == AlertDescription.close_notify)
        {
            CloseNotifyReceived = true;
        }
    }

    protected override ProtocolVersion[] GetSupportedVersions() => ProtocolVersion.DTLSv12.Only();

    public override int GetHandshakeTimeoutMillis() => _handshakeTimeoutMillis;

    protected override int[] GetSupportedCipherSuites() => TlsUtilities.GetSupportedCipherSuites(Crypto,
    [
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA,
    ]);

    public override IDictionary<int, byte[]> GetClientExtensions()
    {
        IDictionary<int, byte[]> extensions = TlsExtensionsUtilities.EnsureExtensionsInitialised(base.GetClientExtensions());
        TlsSrtpUtilities.AddUseSrtpExtension(extensions, new UseSrtpData(_offeredProfiles, []));
        return extensions;
    }

    public override void ProcessServerExtensions(IDictionary<int, byte[]> serverExtensions)
    {
        base.ProcessServerExtensions(serverExtensions);
        UseSrtpData? useSrtp = serverExtensions is null ? null : TlsSrtpUtilities.GetUseSrtpExtension(serverExtensions);
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
        KeyingMaterial = m_context.ExportKeyingMaterial(ExporterLabel.dtls_srtp, null,
            DtlsSrtpProfile.KeyingMaterialLength(SelectedSrtpProfile));
    }

    private sealed class Authentication(DtlsSrtpClient owner) : TlsAuthentication
    {
        public void NotifyServerCertificate(TlsServerCertificate serverCertificate)
        {
            Certificate? chain = serverCertificate?.Certificate;
            if (chain is null || chain.IsEmpty)
            {
                throw new TlsFatalAlert(AlertDescription.bad_certificate);
            }

            owner.ServerFingerprint = DtlsFingerprint.ComputeSha256(chain.GetCertificateAt(0).GetEncoded());
        }

        public TlsCredentials? GetClientCredentials(CertificateRequest certificateRequest) =>
            owner._certificate is null
                ? null
                : new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(owner.m_context), (BcTlsCrypto)owner.Crypto,
                    owner._certificate.PrivateKey, owner._certificate.CreateChain(owner.Crypto),
                    new SignatureAndHashAlgorithm(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));
    }
}
