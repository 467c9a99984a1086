using RtcGateway.Media;
using RtcGateway.Media.Cameras;
using RtcGateway.Media.H264;
using RtcGateway.WebRtc.Rtp;

namespace RtcGateway.Server.Sessions;

/// <summary>
/// The WebRTC fan-out of one camera: subscribes to the camera's access units while at least one viewer (or a viewer
/// being negotiated) needs them, packetises each access unit ONCE (RFC 6184, <see cref="H264Packetizer"/>) and hands the
/// shared <see cref="PacketizedFrame"/> to every viewer's bounded queue. Runs on the camera's worker thread; never blocks
/// on a viewer.
/// </summary>
public sealed class CameraFeed : IDisposable
{
    private readonly object _gate = new();
    private readonly H264Packetizer _packetizer = new();
    private readonly int _maxPayloadSize = RtpPayloadBudget.DefaultMaxPayloadSize;
    private ViewerSession[] _viewers = [];
    private int _holders;
    private IDisposable? _subscription;
    private volatile H264SpsInfo? _latestSps;
    private TaskCompletionSource<H264SpsInfo> _spsReady = NewSpsSource();
    private long _accessUnits;

    /// <summary>Creates the feed of <paramref name="camera"/>.</summary>
    public CameraFeed(ICamera camera) => Camera = camera;

    /// <summary>The camera.</summary>
    public ICamera Camera { get; }

    /// <summary>Viewers currently attached.</summary>
    public int ViewerCount => Volatile.Read(ref _viewers).Length;

    /// <summary>Access units packetised since start.</summary>
    public long AccessUnitsPacketised => Interlocked.Read(ref _accessUnits);

    /// <summary>The most recent SPS facts seen from this camera (kept across pipeline restarts), or null.</summary>
    public H264SpsInfo? LatestSps => _latestSps;

    /// <summary>
    /// Keeps the camera subscribed (so it starts) until the result is disposed: used while an offer is being answered,
    /// before the viewer is attached.
    /// </summary>
    public IDisposable Hold()
    {
        lock (_gate)
        {
            _holders++;
            UpdateSubscription();
        }

        return new Releaser(this);
    }

    /// <summary>
    /// Waits for the camera's SPS (needed to announce the real <c>profile-level-id</c>, RFC 6184 §8.1). Returns at once
    /// when one was already seen. The caller must hold the feed (<see cref="Hold"/>) so the camera runs.
    /// </summary>
    /// <exception cref="TimeoutException">No SPS within <paramref name="timeout"/>.</exception>
    public async Task<H264SpsInfo> WaitForSpsAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        H264SpsInfo? sps = _latestSps;
        if (sps is not null)
        {
            return sps;
        }

        Task<H264SpsInfo> ready;
        lock (_gate)
        {
            ready = _spsReady.Task;
        }

        return await ready.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Adds a viewer: it receives every following frame (from the next keyframe on). No keyframe is requested here: the
    /// viewer asks for one when ICE and DTLS complete (<see cref="ViewerSession"/>), the first moment it can send it. An
    /// IDR requested at attach arrived before the connection on fast paths, was skipped, and pushed the viewer's own
    /// request behind the camera's minimum keyframe spacing (time to first frame +250 ms on some joins).
    /// </summary>
    public void Attach(ViewerSession viewer)
    {
        lock (_gate)
        {
            _viewers = [.. _viewers, viewer];
            UpdateSubscription();
        }
    }

    /// <summary>Removes a viewer; the last one out unsubscribes (the camera stops after its linger time).</summary>
    public void Detach(ViewerSession viewer)
    {
        lock (_gate)
        {
            _viewers = _viewers.Where(v => !ReferenceEquals(v, viewer)).ToArray();
            UpdateSubscription();
        }
    }

    /// <summary>Asks the encoder for an IDR (coalesced by the camera).</summary>
    public void RequestKeyframe() => Camera.RequestKeyframe();

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate)
        {
            _viewers = [];
            _holders = 0;
            UpdateSubscription();
        }
    }

    private void UpdateSubscription()
    {
        bool wanted = _viewers.Length > 0 || _holders > 0;
        if (wanted && _subscription is null)
        {
            _subscription = Camera.SubscribeAccessUnits(OnAccessUnit);
        }
        else if (!wanted && _subscription is not null)
        {
            _subscription.Dispose();
            _subscription = null;
        }
    }

    private void OnAccessUnit(AccessUnit accessUnit)
    {
        if (accessUnit.Sps is { } sps && !ReferenceEquals(sps, _latestSps))
        {
            _latestSps = sps;
            lock (_gate)
            {
                _spsReady.TrySetResult(sps);
            }
        }

        ViewerSession[] viewers = Volatile.Read(ref _viewers);
        if (viewers.Length == 0)
        {
            return;
        }

        PacketizedFrame frame = _packetizer.Packetize(accessUnit.NalUnits, _maxPayloadSize);
        Interlocked.Increment(ref _accessUnits);
        try
        {
            foreach (ViewerSession viewer in viewers)
            {
                viewer.EnqueueFrame(frame, accessUnit.CaptureTimeUs, accessUnit.IsKeyframe);
            }
        }
        finally
        {
            frame.Release();
        }
    }

    private void Release()
    {
        lock (_gate)
        {
            _holders--;
            UpdateSubscription();
        }
    }

    private static TaskCompletionSource<H264SpsInfo> NewSpsSource() =>
        new(TaskCreationOptions.RunContinuationsAsynchronously);

    private sealed class Releaser(CameraFeed feed) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                feed.Release();
            }
        }
    }
}
