using System.Buffers.Text;
using System.Text;

namespace RtcGateway.Server.Mjpeg;

/// <summary>
/// The part header of a <c>multipart/x-mixed-replace</c> MJPEG stream (RFC 2046 §5.1.1 multipart syntax; the
/// "x-mixed-replace" subtype is Netscape's server push, each part replacing the previous image):
/// <code>
/// --frame CRLF
/// Content-Type: image/jpeg CRLF
/// Content-Length: N CRLF
/// X-Timestamp: &lt;capture time, Unix ms with 3 decimals&gt; CRLF
/// X-Sequence: &lt;fan-out frame version&gt; CRLF
/// CRLF
/// &lt;N bytes of JPEG&gt; CRLF
/// </code>
/// </summary>
internal static class MjpegPart
{
    public const string Boundary = "frame";
    public const string ContentType = "multipart/x-mixed-replace; boundary=" + Boundary;

    /// <summary>Upper bound of <see cref="WriteHeader"/>'s output, bytes.</summary>
    public const int MaxHeaderSize = 160;

    private static ReadOnlySpan<byte> Start => "--frame\r\nContent-Type: image/jpeg\r\nContent-Length: "u8;
    private static ReadOnlySpan<byte> Timestamp => "\r\nX-Timestamp: "u8;
    private static ReadOnlySpan<byte> Sequence => "\r\nX-Sequence: "u8;
    private static ReadOnlySpan<byte> End => "\r\n\r\n"u8;

    /// <summary>The CRLF closing a part's body.</summary>
    public static ReadOnlySpan<byte> Trailer => "\r\n"u8;

    /// <summary>Writes a part header into <paramref name="destination"/> (≥ <see cref="MaxHeaderSize"/> bytes); returns its length.</summary>
    /// <param name="destination">Output buffer.</param>
    /// <param name="contentLength">JPEG size, bytes.</param>
    /// <param name="captureTimeUs">Capture time, µs since the Unix epoch (written as ms with 3 decimals; negative → 0).</param>
    /// <param name="sequence">Frame version.</param>
    public static int WriteHeader(Span<byte> destination, int contentLength, long captureTimeUs, long sequence)
    {
        int n = 0;
        Start.CopyTo(destination);
        n += Start.Length;
        n += Format(destination[n..], contentLength);
        Timestamp.CopyTo(destination[n..]);
        n += Timestamp.Length;
        long us = Math.Max(0, captureTimeUs);
        n += Format(destination[n..], us / 1000);
        destination[n++] = (byte)'.';
        Utf8Formatter.TryFormat(us % 1000, destination[n..], out int w, new System.Buffers.StandardFormat('D', 3));
        n += w;
        Sequence.CopyTo(destination[n..]);
        n += Sequence.Length;
        n += Format(destination[n..], sequence);
        End.CopyTo(destination[n..]);
        return n + End.Length;
    }

    /// <summary>The header as a string (tests, logs).</summary>
    public static string HeaderText(int contentLength, long captureTimeUs, long sequence)
    {
        Span<byte> buffer = stackalloc byte[MaxHeaderSize];
        int n = WriteHeader(buffer, contentLength, captureTimeUs, sequence);
        return Encoding.ASCII.GetString(buffer[..n]);
    }

    private static int Format(Span<byte> destination, long value)
    {
        Utf8Formatter.TryFormat(value, destination, out int written);
        return written;
    }
}
