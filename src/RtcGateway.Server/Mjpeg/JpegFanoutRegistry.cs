using System.Collections.Concurrent;
using RtcGateway.Media.Cameras;

namespace RtcGateway.Server.Mjpeg;

/// <summary>
/// One <see cref="JpegFanout"/> per camera, created on first use; disposed (unsubscribing every camera) with the host.
/// Thread-safe.
/// </summary>
public sealed class JpegFanoutRegistry : IDisposable
{
    private readonly ConcurrentDictionary<string, JpegFanout> _fanouts = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The fan-out of <paramref name="camera"/> (created on the first call).</summary>
    public JpegFanout Get(ICamera camera)
    {
        ArgumentNullException.ThrowIfNull(camera);
        return _fanouts.GetOrAdd(camera.Id, static (_, c) => new JpegFanout(c), camera);
    }

    /// <summary>MJPEG clients of a camera (0 for an unknown camera or one never streamed).</summary>
    public int ClientCount(string cameraId) => _fanouts.TryGetValue(cameraId, out JpegFanout? f) ? f.ClientCount : 0;

    /// <summary>The fan-out of a camera if one was created, else null.</summary>
    public JpegFanout? TryGet(string cameraId) => _fanouts.TryGetValue(cameraId, out JpegFanout? f) ? f : null;

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (JpegFanout fanout in _fanouts.Values)
        {
            fanout.Dispose();
        }
    }
}
