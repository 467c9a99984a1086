using Org.BouncyCastle.Tls;

namespace RtcGateway.WebRtc.Dtls;

/// <summary>
/// Thrown by <see cref="QueuedDatagramTransport.Receive(Span{byte}, int)"/> in owner mode when no record is queued: ends the public
/// <c>DtlsTransport.Receive</c> call at once with -1 instead of letting BouncyCastle poll the transport until its wait
/// (whole milliseconds of wall clock) runs out. It is a bad_record_mac alert because that is the one alert BouncyCastle
/// 2.x's <c>DtlsTransport.Receive</c> turns into -1 without failing the connection, when the peer's
/// <c>IgnoreCorruptDtlsRecords</c> is true (<see cref="DtlsSrtpServer"/>). Nothing is sent: the alert is never raised on
/// the wire. One instance per transport is reused (no allocation per drain).
/// </summary>
internal sealed class DtlsInboundDrained : TlsFatalAlert
{
    public DtlsInboundDrained()
        : base(Org.BouncyCastle.Tls.AlertDescription.bad_record_mac, "inbound record queue drained")
    {
    }
}
