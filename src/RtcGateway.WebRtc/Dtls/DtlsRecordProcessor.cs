using System.Linq.Expressions;
using System.Reflection;
using Org.BouncyCastle.Crypto.Tls;

namespace RtcGateway.WebRtc.Dtls;

/// <summary>
/// Processes ONE received DTLS record through the record layer of a connected BouncyCastle <see cref="DtlsTransport"/>,
/// synchronously on the caller's thread: epoch and replay checks (RFC 6347 §4.1.2.6), decryption, alerts,
/// change_cipher_spec, and a retransmitted final handshake flight (which makes BouncyCastle resend ours).
/// <para>
/// Why: BouncyCastle 1.8.10 exposes only <c>DtlsTransport.Receive(buf, off, len, waitMillis)</c>, whose loop keeps calling
/// the datagram transport until it gets application data or its wait expires (a 0 ms wait means "forever"), so it cannot
/// drain "whatever is queued" without blocking. Its record layer already has the per-record step,
/// <c>DtlsRecordLayer.ProcessRecord(int received, byte[] record, byte[] buf, int off)</c> (internal); this class binds it
/// once with a compiled expression.
/// </para>
/// <para>
/// BouncyCastle's AEAD record cipher (<c>TlsAeadCipher</c> over <c>GcmBlockCipher</c>) asks the GCM instance for the
/// output size before re-initialising it; a failed tag check leaves stale buffered bytes there, so every later record
/// would fail too. BouncyCastle never noticed because its <c>DtlsTransport</c> kills the connection on the first bad
/// record. <see cref="DiscardFailedRecord"/> resets that state so a forged record can be dropped as RFC 6347 §4.1.2.7
/// recommends. Binding fails fast with <see cref="InvalidOperationException"/> naming the required
/// package version (Portable.BouncyCastle 1.8.10, pinned in Directory.Packages.props).
/// </para>
/// </summary>
internal static class DtlsRecordProcessor
{
    private const string RequiredVersion = "Portable.BouncyCastle 1.8.10";

    private const BindingFlags Instance = BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public;

    private static readonly Lazy<Bindings> Bound = new(Bind);

    /// <summary>
    /// Throws <see cref="InvalidOperationException"/> when the BouncyCastle in use lacks the record-layer members this
    /// class binds (checked once; callers use it at startup so a wrong package version fails before any session).
    /// </summary>
    public static void EnsureAvailable() => _ = Bound.Value;

    /// <summary>
    /// Processes <paramref name="length"/> bytes of <paramref name="record"/> (one whole record from offset 0: 13-byte
    /// header + fragment). Returns the plaintext length copied to <paramref name="plaintext"/> (offset 0) when it was
    /// application data, or -1 when the record was consumed otherwise (alert, change_cipher_spec, handshake
    /// retransmission) or silently discarded (unknown epoch, replay, wrong version).
    /// </summary>
    /// <param name="transport">The connected transport returned by <c>DtlsServerProtocol.Accept</c>.</param>
    /// <param name="record">The record; BouncyCastle reads it in place.</param>
    /// <param name="length">Record length in bytes.</param>
    /// <param name="plaintext">Receives the plaintext; at least the transport's receive limit long.</param>
    /// <exception cref="TlsFatalAlert">A received fatal alert (the record layer is already failed and closed), or a record
    /// that failed authentication or decoding (bad_record_mac, decode_error: nothing was changed).</exception>
    public static int ProcessRecord(DtlsTransport transport, byte[] record, int length, byte[] plaintext) =>
        Bound.Value.ProcessRecord(transport, length, record, plaintext);

    /// <summary>
    /// Call after <see cref="ProcessRecord"/> threw for a record that failed authentication or decoding (not for a
    /// received fatal alert): clears the current read epoch's AEAD decryption state (no-op for other ciphers, which keep
    /// none between records) so the next genuine record decrypts.
    /// </summary>
    public static void DiscardFailedRecord(DtlsTransport transport) => Bound.Value.ResetReadCipher(transport);

    private static Bindings Bind()
    {
        FieldInfo? recordLayerField = typeof(DtlsTransport).GetField("mRecordLayer", Instance);
        Type? recordLayer = recordLayerField?.FieldType;
        MethodInfo? processRecord = recordLayer?.GetMethod("ProcessRecord", Instance, null,
            [typeof(int), typeof(byte[]), typeof(byte[]), typeof(int)], null);
        FieldInfo? readEpochField = recordLayer?.GetField("mReadEpoch", Instance);
        PropertyInfo? cipherProperty = readEpochField?.FieldType.GetProperty("Cipher", Instance);
        FieldInfo? decryptCipherField = typeof(TlsAeadCipher).GetField("decryptCipher", Instance);
        // Reset() is declared on IAeadBlockCipher or on a base interface, depending on the version.
        MethodInfo? reset = decryptCipherField is null ? null
            : new[] { decryptCipherField.FieldType }.Concat(decryptCipherField.FieldType.GetInterfaces())
                .Select(type => type.GetMethod("Reset", Type.EmptyTypes))
                .FirstOrDefault(method => method is not null);
        if (recordLayerField is null || processRecord is null || processRecord.ReturnType != typeof(int)
            || readEpochField is null || cipherProperty is null || decryptCipherField is null || reset is null)
        {
            throw new InvalidOperationException(
                "BouncyCastle's DtlsTransport.mRecordLayer, DtlsRecordLayer.ProcessRecord(int, byte[], byte[], int), " +
                "DtlsRecordLayer.mReadEpoch, DtlsEpoch.Cipher or TlsAeadCipher.decryptCipher.Reset() were not found: " +
                "RtcGateway's DTLS session needs " + RequiredVersion);
        }

        ParameterExpression transport = Expression.Parameter(typeof(DtlsTransport), "transport");
        Expression recordLayerOf = Expression.Field(transport, recordLayerField);

        // (transport, received, record, plaintext) => transport.mRecordLayer.ProcessRecord(received, record, plaintext, 0)
        ParameterExpression received = Expression.Parameter(typeof(int), "received");
        ParameterExpression record = Expression.Parameter(typeof(byte[]), "record");
        ParameterExpression plaintext = Expression.Parameter(typeof(byte[]), "plaintext");
        var process = Expression.Lambda<Func<DtlsTransport, int, byte[], byte[], int>>(
            Expression.Call(recordLayerOf, processRecord, received, record, plaintext, Expression.Constant(0)),
            transport, received, record, plaintext).Compile();

        // transport => { var aead = transport.mRecordLayer.mReadEpoch.Cipher as TlsAeadCipher; if (aead != null) aead.decryptCipher.Reset(); }
        ParameterExpression aead = Expression.Variable(typeof(TlsAeadCipher), "aead");
        Expression cipher = Expression.Property(Expression.Field(recordLayerOf, readEpochField), cipherProperty);
        var resetReadCipher = Expression.Lambda<Action<DtlsTransport>>(
            Expression.Block(
                [aead],
                Expression.Assign(aead, Expression.TypeAs(cipher, typeof(TlsAeadCipher))),
                Expression.IfThen(
                    Expression.NotEqual(aead, Expression.Constant(null, typeof(TlsAeadCipher))),
                    Expression.Call(Expression.Field(aead, decryptCipherField), reset))),
            transport).Compile();
        return new Bindings(process, resetReadCipher);
    }

    private sealed record Bindings(
        Func<DtlsTransport, int, byte[], byte[], int> ProcessRecord, Action<DtlsTransport> ResetReadCipher);
}
