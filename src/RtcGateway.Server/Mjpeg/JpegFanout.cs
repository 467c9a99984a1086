using RtcGateway.Media;
using RtcGateway.Media.Cameras;

namespace RtcGateway.Server.Mjpeg;

/// <summary>
/// The MJPEG/snapshot fan-out of one camera. Subscribes to the camera's JPEG frames
/// (<see cref="ICamera.SubscribeJpeg"/>, which opens the pipeline's JPEG branch valve) while at least one MJPEG client
/// (<see cref="AddClient"/>) or snapshot waiter (<see cref="Hold"/>) exists, and unsubscribes when the last one leaves,
/// so the JPEG encoder runs only while someone watches and exactly once per frame however many watch.
/// Latest-wins: one shared "latest frame" slot plus a version counter; a client asks for "a frame newer than the one I
/// sent" when it is ready for one (<see cref="WaitForFrameAsync"/>), so a slow client skips frames instead of queueing
/// them and memory is bounded by one frame plus the frames being written at that moment. The frame callback runs on
/// the camera's worker thread and never blocks. Thread-safe.
/// </summary>
public sealed class JpegFanout : IDisposable
{
    private readonly Lock _gate = new();
    private IDisposable? _subscription;
    private int _clients;
    private int _holders;
    private JpegFanoutFrame? _latest;
    private long _version;
    private long _partsSent;
    private long _framesSkipped;
    private TaskCompletionSource _published = NewSignal();

    /// <summary>Creates the fan-out of <paramref name="camera"/> (nothing is subscribed until a client or holder arrives).</summary>
    public JpegFanout(ICamera camera)
    {
        ArgumentNullException.ThrowIfNull(camera);
        Camera = camera;
    }

    /// <summary>The camera.</summary>
    public ICamera Camera { get; }

    /// <summary>MJPEG clients currently attached (snapshot waiters are not counted).</summary>
    public int ClientCount => Volatile.Read(ref _clients);

    /// <summary>JPEG frames received from the camera since this fan-out was created (= JPEG encodes while subscribed).</summary>
    public long FramesReceived => Interlocked.Read(ref _version);

    /// <summary>MJPEG parts written to clients since this fan-out was created (a frame sent to three clients counts
    /// three).</summary>
    public long PartsSent => Interlocked.Read(ref _partsSent);

    /// <summary>Frames MJPEG clients did not get since this fan-out was created: frames published between two parts a
    /// client wrote (latest-wins: the client was still writing, or its <c>fps</c> cap held it back), summed over
    /// clients.</summary>
    public long FramesSkipped => Interlocked.Read(ref _framesSkipped);

    /// <summary>Whether the camera's JPEG frames are subscribed now.</summary>
    public bool IsSubscribed
    {
        get
        {
            lock (_gate)
            {
                return _subscription is not null;
            }
        }
    }

    /// <summary>The most recent frame, or null before the first one.</summary>
    public JpegFanoutFrame? Latest => Volatile.Read(ref _latest);

    /// <summary>
    /// Attaches an MJPEG client: counted in <see cref="ClientCount"/> and keeps the JPEG branch running until the
    /// result is disposed (idempotent).
    /// </summary>
    public IDisposable AddClient()
    {
        lock (_gate)
        {
            _clients++;
            UpdateSubscription();
        }

        return new Releaser(this, client: true);
    }

    /// <summary>Keeps the JPEG branch running (not counted as a client) until the result is disposed: used by snapshots.</summary>
    public IDisposable Hold()
    {
        lock (_gate)
        {
            _holders++;
            UpdateSubscription();
        }

        return new Releaser(this, client: false);
    }

    /// <summary>
    /// Returns the latest frame once its <see cref="JpegFanoutFrame.Version"/> is greater than
    /// <paramref name="afterVersion"/> (at once when it already is), or null when no such frame arrives within
    /// <paramref name="timeout"/>. The caller must hold the fan-out (<see cref="AddClient"/> / <see cref="Hold"/>).
    /// </summary>
    /// <param name="afterVersion">The version of the last frame the caller used (0 for none).</param>
    /// <param name="timeout">How long to wait for a newer frame.</param>
    /// <param name="time">Clock for the timeout.</param>
    /// <param name="cancellationToken">Request abort.</param>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<JpegFanoutFrame?> WaitForFrameAsync(long afterVersion, TimeSpan timeout, TimeProvider time,
        CancellationToken cancellationToken)
    {
        long deadline = time.GetTimestamp() + (long)(timeout.TotalSeconds * time.TimestampFrequency);
        while (true)
        {
            Task signal;
            lock (_gate)
            {
                if (_latest is { } latest && latest.Version > afterVersion)
                {
                    return latest;
                }

                signal = _published.Task;
            }

            TimeSpan left = time.GetElapsedTime(time.GetTimestamp(), deadline);
            if (left <= TimeSpan.Zero)
            {
                return null;
            }

            try
            {
                await signal.WaitAsync(left, time, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                return null;
            }
        }
    }

    /// <summary>Counts one part written to a client: frame <paramref name="sentVersion"/>, after the frame
    /// <paramref name="previousVersion"/> it wrote before (0 for its first part, which skips nothing: a client starts with
    /// a frame captured after it joined). Frames in between are counted in <see cref="FramesSkipped"/>.</summary>
    public void RecordPartSent(long previousVersion, long sentVersion)
    {
        Interlocked.Increment(ref _partsSent);
        if (previousVersion > 0 && sentVersion > previousVersion + 1)
        {
            Interlocked.Add(ref _framesSkipped, sentVersion - previousVersion - 1);
        }
    }

    /// <summary>Unsubscribes from the camera (the clients' waits then time out).</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _clients = 0;
            _holders = 0;
            UpdateSubscription();
        }
    }

    /// <summary>The camera's JPEG callback (camera worker thread): publish as the latest frame and wake the waiters.</summary>
    internal void OnFrame(JpegFrame frame)
    {
        TaskCompletionSource published;
        lock (_gate)
        {
            _latest = new JpegFanoutFrame(frame, Interlocked.Increment(ref _version));
            published = _published;
            _published = NewSignal();
        }

        published.TrySetResult();
    }

    private void UpdateSubscription()
    {
        bool wanted = _clients > 0 || _holders > 0;
        if (wanted && _subscription is null)
        {
            _subscription = Camera.SubscribeJpeg(OnFrame);
        }
        else if (!wanted && _subscription is not null)
        {
            _subscription.Dispose();
            _subscription = null;
            _latest = null; // a frame from this run must not pass as fresh after a restart of the branch
        }
    }

    private void Release(bool client)
    {
        lock (_gate)
        {
            if (client)
            {
                _clients = Math.Max(0, _clients - 1);
            }
            else
            {
                _holders = Math.Max(0, _holders - 1);
            }

            UpdateSubscription();
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private sealed class Releaser(JpegFanout fanout, bool client) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                fanout.Release(client);
            }
        }
    }
}
