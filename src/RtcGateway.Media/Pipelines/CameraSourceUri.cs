using System.Globalization;

namespace RtcGateway.Media.Pipelines;

/// <summary>
/// A parsed camera source, the value of <c>Gateway:Cameras:N:Source</c>. Accepted forms (scheme case-insensitive):
/// <list type="bullet">
/// <item><c>test</c> → <see cref="CameraSourceKind.Test"/>.</item>
/// <item><c>file:PATH</c> or <c>file:///ABSOLUTE/PATH</c> (RFC 8089; %-escapes decoded) → <see cref="CameraSourceKind.File"/>, <see cref="Path"/>.</item>
/// <item><c>v4l2:/dev/videoN</c> or <c>v4l2:N</c> (shorthand for <c>/dev/videoN</c>) → <see cref="CameraSourceKind.V4l2"/>, <see cref="Device"/>.</item>
/// <item><c>csi:N</c>, N in 0..<see cref="MaxSensorId"/> → <see cref="CameraSourceKind.Csi"/>, <see cref="SensorId"/>.</item>
/// <item><c>rtsp://host[:port]/path</c> or <c>rtsps://…</c> (RFC 7826 §18.2) → <see cref="CameraSourceKind.Rtsp"/>, <see cref="Uri"/>.</item>
/// </list>
/// Whether a file or device exists is not checked here (see <c>CameraOptionsValidator</c>).
/// </summary>
public sealed record CameraSourceUri
{
    /// <summary>Largest accepted CSI sensor id (nvarguscamerasrc <c>sensor-id</c> is a gint; Jetson carriers have at most a few sensors).</summary>
    public const int MaxSensorId = 255;

    private CameraSourceUri(CameraSourceKind kind, string? path, string? device, int sensorId, string? uri)
    {
        Kind = kind;
        Path = path;
        Device = device;
        SensorId = sensorId;
        Uri = uri;
    }

    /// <summary>The source kind.</summary>
    public CameraSourceKind Kind { get; }

    /// <summary>File path for <see cref="CameraSourceKind.File"/> (as written, relative or absolute); otherwise null.</summary>
    public string? Path { get; }

    /// <summary>Device node for <see cref="CameraSourceKind.V4l2"/> (e.g. <c>/dev/video0</c>); otherwise null.</summary>
    public string? Device { get; }

    /// <summary>Sensor index for <see cref="CameraSourceKind.Csi"/> (0..<see cref="MaxSensorId"/>); otherwise -1.</summary>
    public int SensorId { get; }

    /// <summary>Absolute RTSP URI for <see cref="CameraSourceKind.Rtsp"/> (as written, credentials included); otherwise null.</summary>
    public string? Uri { get; }

    /// <summary>The <c>test</c> source.</summary>
    public static CameraSourceUri Test() => new(CameraSourceKind.Test, null, null, -1, null);

    /// <summary>A file source. <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception></summary>
    /// <param name="path">File path.</param>
    public static CameraSourceUri File(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return new(CameraSourceKind.File, path, null, -1, null);
    }

    /// <summary>A V4L2 device source. <exception cref="ArgumentException"><paramref name="device"/> is null or empty.</exception></summary>
    /// <param name="device">Device node, e.g. <c>/dev/video0</c>.</param>
    public static CameraSourceUri V4l2(string device)
    {
        ArgumentException.ThrowIfNullOrEmpty(device);
        return new(CameraSourceKind.V4l2, null, device, -1, null);
    }

    /// <summary>A CSI sensor source. <exception cref="ArgumentOutOfRangeException"><paramref name="sensorId"/> outside 0..<see cref="MaxSensorId"/>.</exception></summary>
    /// <param name="sensorId">libargus sensor index.</param>
    public static CameraSourceUri Csi(int sensorId)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sensorId);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sensorId, MaxSensorId);
        return new(CameraSourceKind.Csi, null, null, sensorId, null);
    }

    /// <summary>An RTSP source. <exception cref="ArgumentException"><paramref name="uri"/> is null or empty.</exception></summary>
    /// <param name="uri">Absolute <c>rtsp://</c> or <c>rtsps://</c> URI.</param>
    public static CameraSourceUri Rtsp(string uri)
    {
        ArgumentException.ThrowIfNullOrEmpty(uri);
        return new(CameraSourceKind.Rtsp, null, null, -1, uri);
    }

    /// <summary>
    /// Parses a source string. Never throws. Leading/trailing white space is ignored.
    /// </summary>
    /// <param name="text">The configured value, e.g. <c>csi:0</c>.</param>
    /// <param name="uri">The parsed source, or null on failure.</param>
    /// <param name="error">Empty on success; otherwise names the problem, e.g. <c>unknown scheme 'http' (expected test, file:, v4l2:, csi: or rtsp://)</c>.</param>
    /// <returns>True when <paramref name="text"/> is a valid source.</returns>
    public static bool TryParse(string? text, out CameraSourceUri? uri, out string error)
    {
        uri = null;
        error = "";
        string s = (text ?? "").Trim();
        if (s.Length == 0)
        {
            error = "source is empty (expected test, file:PATH, v4l2:/dev/videoN, csi:N or rtsp://…)";
            return false;
        }

        int colon = s.IndexOf(':');
        string scheme = (colon < 0 ? s : s[..colon]).ToLowerInvariant();
        string rest = colon < 0 ? "" : s[(colon + 1)..];
        switch (scheme)
        {
            case "test":
                if (rest.Length != 0)
                {
                    error = $"'test' takes no argument (was '{s}')";
                    return false;
                }

                uri = Test();
                return true;

            case "file":
                return TryParseFile(rest, out uri, out error);

            case "v4l2":
                return TryParseV4l2(rest, out uri, out error);

            case "csi":
                if (rest.Length == 0 || rest.Length > 3 || !rest.All(char.IsAsciiDigit) ||
                    !int.TryParse(rest, NumberStyles.None, CultureInfo.InvariantCulture, out int id) || id > MaxSensorId)
                {
                    error = $"bad sensor id '{rest}' in '{s}' (expected csi:N with N in 0..{MaxSensorId})";
                    return false;
                }

                uri = Csi(id);
                return true;

            case "rtsp":
            case "rtsps":
                if (!System.Uri.TryCreate(s, UriKind.Absolute, out Uri? parsed) || string.IsNullOrEmpty(parsed.Host) ||
                    !rest.StartsWith("//", StringComparison.Ordinal) || s.Any(char.IsWhiteSpace))
                {
                    error = $"malformed RTSP URI '{s}' (expected {scheme}://host[:port]/path)";
                    return false;
                }

                uri = Rtsp(s);
                return true;

            default:
                error = colon < 0
                    ? $"unknown source '{s}' (expected test, file:PATH, v4l2:/dev/videoN, csi:N or rtsp://…)"
                    : $"unknown scheme '{scheme}' in '{s}' (expected test, file:, v4l2:, csi: or rtsp://)";
                return false;
        }
    }

    private static bool TryParseFile(string rest, out CameraSourceUri? uri, out string error)
    {
        uri = null;
        error = "";
        string path = rest;
        if (path.StartsWith("//", StringComparison.Ordinal))
        {
            // RFC 8089 §2: file://[host]/path; only the local host (empty or "localhost") is meaningful here.
            int slash = path.IndexOf('/', 2);
            string host = slash < 0 ? path[2..] : path[2..slash];
            if (slash < 0 || (host.Length != 0 && !host.Equals("localhost", StringComparison.OrdinalIgnoreCase)))
            {
                error = $"file URI 'file:{rest}' must name a local absolute path (file:///path)";
                return false;
            }

            try
            {
                path = System.Uri.UnescapeDataString(path[slash..]);
            }
            catch (UriFormatException)
            {
                error = $"file URI 'file:{rest}' has a bad %-escape";
                return false;
            }
        }

        if (path.Length == 0 || path.Trim().Length == 0)
        {
            error = "empty path in 'file:' (expected file:PATH)";
            return false;
        }

        if (path.IndexOf('\0') >= 0)
        {
            error = "path in 'file:' contains a NUL character";
            return false;
        }

        uri = File(path);
        return true;
    }

    private static bool TryParseV4l2(string rest, out CameraSourceUri? uri, out string error)
    {
        uri = null;
        error = "";
        if (rest.Length == 0)
        {
            error = "empty device in 'v4l2:' (expected v4l2:/dev/videoN)";
            return false;
        }

        if (rest.All(char.IsAsciiDigit))
        {
            if (rest.Length > 3)
            {
                error = $"bad device number '{rest}' in 'v4l2:{rest}'";
                return false;
            }

            uri = V4l2("/dev/video" + int.Parse(rest, NumberStyles.None, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture));
            return true;
        }

        if (!rest.StartsWith("/dev/", StringComparison.Ordinal) || rest.Length == 5 || rest.Any(c => char.IsWhiteSpace(c) || c == '\0' || c == '"'))
        {
            error = $"bad device '{rest}' in 'v4l2:{rest}' (expected a device node such as /dev/video0)";
            return false;
        }

        uri = V4l2(rest);
        return true;
    }

    /// <summary>The canonical text form (<c>test</c>, <c>file:PATH</c>, <c>v4l2:/dev/videoN</c>, <c>csi:N</c>, or the RTSP URI);
    /// <see cref="TryParse"/> of it gives an equal value (except file paths that begin with <c>//</c>).</summary>
    public override string ToString() => Kind switch
    {
        CameraSourceKind.Test => "test",
        CameraSourceKind.File => "file:" + Path,
        CameraSourceKind.V4l2 => "v4l2:" + Device,
        CameraSourceKind.Csi => "csi:" + SensorId.ToString(CultureInfo.InvariantCulture),
        _ => Uri ?? "",
    };

    /// <summary>Text safe for logs: the RTSP URI with its user-info (credentials) replaced by <c>***</c>; other kinds as <see cref="ToString"/>.</summary>
    public string ToLogString()
    {
        if (Kind != CameraSourceKind.Rtsp || Uri is null)
        {
            return ToString();
        }

        int schemeEnd = Uri.IndexOf("://", StringComparison.Ordinal) + 3;
        int pathStart = Uri.IndexOf('/', schemeEnd);
        int at = Uri.LastIndexOf('@', pathStart < 0 ? Uri.Length - 1 : pathStart);
        return at >= schemeEnd ? string.Concat(Uri.AsSpan(0, schemeEnd), "***", Uri.AsSpan(at)) : Uri;
    }
}
