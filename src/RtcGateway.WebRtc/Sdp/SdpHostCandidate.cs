using System.Net;

namespace RtcGateway.WebRtc.Sdp;

/// <summary>
/// One of the gateway's own UDP host candidates (RFC 8445 §5.1.1.1) to put in the answer as
/// <c>a=candidate:&lt;foundation&gt; 1 udp &lt;priority&gt; &lt;ip&gt; &lt;port&gt; typ host</c> (RFC 8839 §5.1).
/// Host names must already be resolved by the caller into <see cref="EndPoint"/>.
/// </summary>
/// <param name="EndPoint">Address and port of the gateway's UDP socket (IPv4 or IPv6; IPv4-mapped IPv6 is written as IPv4).</param>
/// <param name="Foundation">Foundation, 1–32 ice-chars (ALPHA / DIGIT / "+" / "/").</param>
/// <param name="Priority">Candidate priority, see <see cref="ComputeHostPriority"/>.</param>
public sealed record SdpHostCandidate(IPEndPoint EndPoint, string Foundation, uint Priority)
{
    /// <summary>RFC 8445 §5.1.2.1 priority for a host candidate: 2^24 × 126 + 2^8 × <paramref name="localPreference"/> +
    /// (256 − <paramref name="componentId"/>).</summary>
    /// <param name="localPreference">Local preference 0–65535 (higher = preferred).</param>
    /// <param name="componentId">Component id 1–256 (1 = RTP; always 1 with rtcp-mux).</param>
    /// <returns>The priority.</returns>
    /// <exception cref="ArgumentOutOfRangeException">componentId outside 1–256.</exception>
    public static uint ComputeHostPriority(ushort localPreference, int componentId = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(componentId, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(componentId, 256);
        return (126u << 24) + ((uint)localPreference << 8) + (uint)(256 - componentId);
    }
}
