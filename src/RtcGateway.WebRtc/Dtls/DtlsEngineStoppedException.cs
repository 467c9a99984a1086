namespace RtcGateway.WebRtc.Dtls;

/// <summary>
/// Thrown by <see cref="QueuedDatagramTransport.Receive(Span{byte}, int)"/> into the BouncyCastle engine once the transport is stopped
/// (owner close/dispose, or BouncyCastle closed the transport after close_notify), so the blocked engine unwinds and its
/// thread ends. Deliberately not an <see cref="System.IO.IOException"/>: BouncyCastle treats those as read timeouts
/// in places and would keep looping.
/// </summary>
internal sealed class DtlsEngineStoppedException : InvalidOperationException
{
    public DtlsEngineStoppedException()
        : base("DTLS transport stopped")
    {
    }
}
