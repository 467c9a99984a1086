using RtcGateway.Media;
using RtcGateway.Media.Cameras;

namespace RtcGateway.Server.Tests.Sessions;

/// <summary>An <see cref="ICamera"/> the test drives by hand: <see cref="Push"/> delivers an access unit synchronously to
/// every subscriber (like the camera's worker thread would); keyframe requests are counted.</summary>
public sealed class FakeCamera : ICamera
{
    private readonly object _gate = new();
    private readonly List<Action<AccessUnit>> _subscribers = new();
    private int _keyframeRequests;
    private long _sequence;

    public string Id => "fake";

    public CameraOptions Options { get; } = new() { Id = "fake", Source = "test" };

    /// <summary>The state <see cref="Status"/> reports (settable: a test fails and recovers the camera).</summary>
    public CameraState State { get; set; } = CameraState.Streaming;

    public CameraStatus Status => new(State, State == CameraState.Failed ? "fake failure" : null, "x264enc", 320, 240, 15, _sequence, 0, 0);

    public int KeyframeRequests => Volatile.Read(ref _keyframeRequests);

    public int SubscriberCount
    {
        get
        {
            lock (_gate)
            {
                return _subscribers.Count;
            }
        }
    }

    public event Action<ICamera>? StatusChanged;

    public IDisposable SubscribeAccessUnits(Action<AccessUnit> onAccessUnit)
    {
        lock (_gate)
        {
            _subscribers.Add(onAccessUnit);
        }

        StatusChanged?.Invoke(this);
        return new Unsubscriber(this, onAccessUnit);
    }

    public IDisposable SubscribeJpeg(Action<JpegFrame> onFrame) => throw new NotSupportedException();

    public void RequestKeyframe() => Interlocked.Increment(ref _keyframeRequests);

    private int _targetKbps = -1;

    /// <summary>Every SetTargetBitrate call, in order (the clamped values).</summary>
    public List<int> TargetChanges { get; } = [];

    public int TargetBitrateKbps => _targetKbps < 0 ? Options.BitrateKbps : _targetKbps;

    public int SetTargetBitrate(int kbps)
    {
        _targetKbps = Math.Clamp(kbps, Options.EffectiveMinBitrateKbps, Options.BitrateKbps);
        TargetChanges.Add(_targetKbps);
        return _targetKbps;
    }

    /// <summary>Delivers one access unit: an IDR with SPS/PPS, or a non-IDR slice.</summary>
    public void Push(bool keyframe)
    {
        byte[][] nals = keyframe
            ? [[0x67, 0x42, 0xc0, 0x1e, 0xda, 0x05], [0x68, 0xce, 0x3c, 0x80], [0x65, .. new byte[3000]]]
            : [[0x41, .. new byte[500]]];
        long sequence = Interlocked.Increment(ref _sequence);
        var au = new AccessUnit
        {
            Data = nals.SelectMany(n => new byte[] { 0, 0, 0, 1 }.Concat(n)).ToArray(),
            NalUnits = nals.Select(n => (ReadOnlyMemory<byte>)n).ToArray(),
            CaptureTimeUs = sequence * 66_667,
            PtsNs = sequence * 66_666_667,
            IsKeyframe = keyframe,
            Sequence = sequence,
        };
        Action<AccessUnit>[] subscribers;
        lock (_gate)
        {
            subscribers = [.. _subscribers];
        }

        foreach (Action<AccessUnit> s in subscribers)
        {
            s(au);
        }
    }

    private sealed class Unsubscriber(FakeCamera camera, Action<AccessUnit> callback) : IDisposable
    {
        public void Dispose()
        {
            lock (camera._gate)
            {
                camera._subscribers.Remove(callback);
            }
        }
    }
}
