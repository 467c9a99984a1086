using RtcGateway.Media.Cameras;
using RtcGateway.Media.Pipelines;
using RtcGateway.Server.Mjpeg;
using RtcGateway.Server.Sessions;

namespace RtcGateway.Server.Api;

/// <summary>Builds <see cref="CameraInfo"/> views of the configured cameras.</summary>
public sealed class CameraDirectory
{
    private readonly CameraManager _cameras;
    private readonly SessionManager _sessions;
    private readonly JpegFanoutRegistry _mjpeg;

    /// <summary>Creates the directory (DI).</summary>
    public CameraDirectory(CameraManager cameras, SessionManager sessions, JpegFanoutRegistry mjpeg)
    {
        _mjpeg = mjpeg;
        _cameras = cameras;
        _sessions = sessions;
    }

    /// <summary>All cameras, in configuration order.</summary>
    public IReadOnlyList<CameraInfo> List() => _cameras.Cameras.Select(Describe).ToList();

    /// <summary>Describes one camera.</summary>
    public CameraInfo Describe(ICamera camera)
    {
        CameraStatus s = camera.Status;
        CameraOptions o = camera.Options;
        string source = CameraSourceUri.TryParse(o.Source, out CameraSourceUri? uri, out _) && uri is not null
            ? uri.ToLogString()
            : o.Source;
        return new CameraInfo(
            camera.Id,
            string.IsNullOrEmpty(o.Name) ? camera.Id : o.Name!,
            source,
            s.State.ToString(),
            s.LastError,
            s.Width > 0 ? s.Width : o.Width,
            s.Height > 0 ? s.Height : o.Height,
            s.Framerate > 0 ? Math.Round(s.Framerate, 2) : o.Framerate,
            s.EncoderFactory,
            _sessions.ViewerCount(camera.Id),
            _mjpeg.ClientCount(camera.Id),
            camera.TargetBitrateKbps);
    }
}
