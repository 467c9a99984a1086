using System.Diagnostics.Metrics;
using RtcGateway.Media.Cameras;
using RtcGateway.Server.Control;
using RtcGateway.Server.Mjpeg;
using RtcGateway.Server.Sessions;
using RtcGateway.Server.Transport;

namespace RtcGateway.Server.Metrics;

/// <summary>
/// The gateway's one <see cref="Meter"/>, <c>RtcGateway</c>, and its instruments. Every instrument is observable: its
/// callback reads, at collection time, a counter the code already keeps (camera status and counters, peer statistics,
/// the UDP transport, the control service, the MJPEG fan-outs), so nothing is added to the media path. The exporter
/// (<see cref="PrometheusExporter"/>) prefixes each name with the meter name: instrument <c>camera.restarts_total</c> is
/// <c>rtcgateway_camera_restarts_total</c>. Labels are <c>camera</c> (configured cameras) and, for
/// <c>session.*</c>, <c>session</c> (bounded by <c>Gateway:WebRtc:MaxSessions</c>); the README's Metrics section lists
/// every series with its type and unit.
/// <para>Units are Prometheus base units: bytes, seconds, bits/s; counts have none. Camera-level WebRTC totals
/// (<c>camera.bytes_sent_total</c> …) include ended sessions (<see cref="SessionLedger"/>) and never go backwards.</para>
/// </summary>
public sealed class GatewayMetrics
{
    /// <summary>The meter name (and the Prometheus name prefix <c>rtcgateway_</c>).</summary>
    public const string MeterName = "RtcGateway";

    /// <summary>How long one ledger snapshot serves the callbacks of one collection (all instruments are read one
    /// after another within a few ms), so a collection samples each session once rather than once per instrument.</summary>
    private static readonly TimeSpan SnapshotReuse = TimeSpan.FromMilliseconds(200);

    private static readonly CameraState[] States = Enum.GetValues<CameraState>();

    private readonly CameraManager _cameras;
    private readonly SessionManager _sessions;
    private readonly SessionLedger _ledger;
    private readonly UdpTransport _transport;
    private readonly ControlService _control;
    private readonly JpegFanoutRegistry _mjpeg;
    private readonly TimeProvider _time;
    private readonly Lock _snapshotGate = new();
    private SessionLedgerSnapshot _snapshot = SessionLedgerSnapshot.Empty;
    private long _snapshotTimestamp = long.MinValue;

    /// <summary>Creates the meter (owned by <paramref name="meterFactory"/>, disposed with the host) and its instruments.</summary>
    public GatewayMetrics(IMeterFactory meterFactory, CameraManager cameras, SessionManager sessions, SessionLedger ledger,
        UdpTransport transport, ControlService control, JpegFanoutRegistry mjpeg, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _cameras = cameras;
        _sessions = sessions;
        _ledger = ledger;
        _transport = transport;
        _control = control;
        _mjpeg = mjpeg;
        _time = time;
        Meter = meterFactory.Create(MeterName);
        CreateCameraInstruments();
        CreateSessionInstruments();
        CreateTransportInstruments();
        CreateControlInstruments();
        CreateMjpegInstruments();
    }

    /// <summary>The <c>RtcGateway</c> meter.</summary>
    public Meter Meter { get; }

    /// <summary>
    /// The encoder target bitrate a camera runs at, kbit/s: today the configured <c>BitrateKbps</c>. The one place to
    /// read a run-time target from instead (e.g. a status field set by rate control).
    /// </summary>
    private static int TargetBitrateKbps(ICamera camera) => camera.Options.BitrateKbps;

    private void CreateCameraInstruments()
    {
        Meter.CreateObservableGauge("camera.state", ObserveCameraStates, unit: null,
            description: "1 for the camera's current pipeline state (label state: Idle, Starting, Streaming, Restarting, Failed), 0 for the others");
        CameraCounter("camera.access_units_total", "{access_unit}",
            "H.264 access units (frames) delivered by the camera's encoder since start (frames in)",
            c => c.Status.AccessUnitsDelivered);
        CameraTotal("camera.frames_sent_total", "{frame}",
            "Frames sent to WebRTC viewers, summed over viewers, ended sessions included (frames out)", t => t.FramesSent);
        Meter.CreateObservableGauge("camera.target_bitrate_bits_per_second",
            () => _cameras.Cameras.Select(c => new Measurement<double>(TargetBitrateKbps(c) * 1000.0, CameraTag(c))), unit: "bit/s",
            description: "Encoder target bitrate, bits/s");
        Meter.CreateObservableCounter("camera.keyframes_total", ObserveKeyframes, unit: "{keyframe}",
            description: "IDR access units delivered; cause=forced while a keyframe request (PLI, FIR, join, queue drop) was in flight, else periodic");
        CameraCounter("camera.keyframe_requests_total", "{request}",
            "Force-key-unit events sent to the encoder on request, after coalescing", c => (c as ICameraCounters)?.KeyframeRequestsSent);
        CameraCounter("camera.restarts_total", "{restart}",
            "Pipeline restarts after a stall, an error or an unexpected end of stream", c => c.Status.Restarts);
        CameraCounter("camera.pipeline_errors_total", "{error}",
            "Pipeline runs ended by a GStreamer bus ERROR, a pipeline that could not be built, or a rejected configuration",
            c => (c as ICameraCounters)?.PipelineErrors);
        Meter.CreateObservableGauge("camera.viewers",
            () => _cameras.Cameras.Select(c => new Measurement<int>(_sessions.ViewerCount(c.Id), CameraTag(c))), unit: "{session}",
            description: "WebRTC viewer sessions attached to the camera");
        CameraCounter("camera.jpeg_frames_total", "{frame}",
            "JPEG frames encoded by the camera's JPEG branch (MJPEG, snapshots)", c => c.Status.JpegFramesDelivered);
        CameraTotal("camera.bytes_sent_total", "By", "RTP payload bytes sent to WebRTC viewers (retransmissions excluded), ended sessions included", t => t.OctetsSent);
        CameraTotal("camera.packets_sent_total", "{packet}", "SRTP packets sent to WebRTC viewers (retransmissions excluded), ended sessions included", t => t.PacketsSent);
        CameraTotal("camera.nacks_total", "{nack}", "Generic NACK messages received from viewers, ended sessions included", t => t.NacksReceived);
        CameraTotal("camera.retransmissions_total", "{packet}", "Packets re-sent on NACK, ended sessions included", t => t.Retransmissions);
        CameraTotal("camera.plis_total", "{pli}", "Picture loss indications received, ended sessions included", t => t.PliReceived);
        CameraTotal("camera.firs_total", "{fir}", "Full intra requests received, ended sessions included", t => t.FirReceived);
        CameraTotal("camera.frames_dropped_total", "{frame}",
            "Frames dropped from slow viewers' bounded queues (up to the next keyframe), ended sessions included", t => t.FramesDropped);
    }

    private void CreateSessionInstruments()
    {
        SessionCounter("session.bytes_sent_total", "By", "RTP payload bytes sent (retransmissions excluded)", t => t.OctetsSent);
        SessionCounter("session.packets_sent_total", "{packet}", "SRTP packets sent (retransmissions excluded)", t => t.PacketsSent);
        SessionCounter("session.frames_sent_total", "{frame}", "Frames (access units) sent", t => t.FramesSent);
        SessionCounter("session.nacks_total", "{nack}", "Generic NACK messages received (RFC 4585)", t => t.NacksReceived);
        SessionCounter("session.retransmissions_total", "{packet}", "Packets re-sent on NACK", t => t.Retransmissions);
        SessionCounter("session.nack_misses_total", "{packet}", "NACKed packets no longer in the 1 s send history", t => t.NackMisses);
        SessionCounter("session.plis_total", "{pli}", "Picture loss indications received (RFC 4585)", t => t.PliReceived);
        SessionCounter("session.firs_total", "{fir}", "Full intra requests received (RFC 5104)", t => t.FirReceived);
        SessionCounter("session.frames_dropped_total", "{frame}", "Frames dropped from the viewer's bounded queue", t => t.FramesDropped);
        SessionCounter("session.dtls_discarded_records_total", "{record}",
            "DTLS records discarded after failing authentication or decoding (RFC 6347)", t => t.DtlsDiscardedRecords);
        Meter.CreateObservableGauge("session.round_trip_time_seconds",
            () => Snapshot().Live.Where(s => s.RoundTripTimeMs is not null)
                .Select(s => new Measurement<double>(s.RoundTripTimeMs!.Value / 1000.0, SessionTags(s))),
            unit: "s", description: "Latest round-trip time from the viewer's receiver report (RFC 3550 LSR/DLSR), seconds");
        Meter.CreateObservableGauge("session.fraction_lost",
            () => Snapshot().Live.Where(s => s.FractionLost is not null)
                .Select(s => new Measurement<double>(s.FractionLost!.Value, SessionTags(s))),
            unit: "1", description: "Latest fraction of packets lost from the viewer's receiver report, 0-1");
    }

    private void CreateTransportInstruments()
    {
        Counter("udp.datagrams_received_total", "{datagram}", "Datagrams received on the shared WebRTC UDP socket", () => _transport.DatagramsReceived);
        Counter("udp.datagrams_sent_total", "{datagram}", "Datagrams sent on the shared WebRTC UDP socket", () => _transport.DatagramsSent);
        Counter("udp.unrouted_datagrams_total", "{datagram}",
            "Datagrams that matched no session (garbage, stale or foreign traffic), dropped", () => _sessions.UnroutedDatagrams);
        Counter("udp.send_errors_total", "{error}", "UDP send failures (e.g. ICMP port unreachable)", () => _transport.SendErrors);
        Counter("dtls.discarded_records_total", "{record}",
            "DTLS records discarded after failing authentication, all sessions (ended ones included)",
            () => Snapshot().CameraTotals.Values.Sum(t => t.DtlsDiscardedRecords));
    }

    private void CreateControlInstruments()
    {
        Counter("control.commands_forwarded_total", "{command}", "Teleoperation commands forwarded to the robot", () => _control.CommandsForwarded);
        Counter("control.commands_refused_total", "{command}", "Commands refused because the sender did not hold the lease", () => _control.CommandsRefused);
        Counter("control.invalid_messages_total", "{message}", "Control messages that were not JSON objects or too large", () => _control.InvalidMessages);
        Counter("control.deadman_stops_total", "{stop}", "Deadman stops sent to the robot", () => _control.DeadmanStops);
        Meter.CreateObservableCounter("control.lease_changes_total", () => new[]
        {
            new Measurement<long>(_control.LeasesGranted, new KeyValuePair<string, object?>("change", "granted")),
            new Measurement<long>(_control.LeasesReleased, new KeyValuePair<string, object?>("change", "released")),
        }, unit: "{change}", description: "Control lease changes: granted to a session, or released by its holder");
    }

    private void CreateMjpegInstruments()
    {
        Meter.CreateObservableGauge("mjpeg.clients",
            () => _cameras.Cameras.Select(c => new Measurement<int>(_mjpeg.ClientCount(c.Id), CameraTag(c))), unit: "{client}",
            description: "MJPEG stream clients attached");
        CameraCounter("mjpeg.parts_sent_total", "{frame}", "JPEG frames written to MJPEG clients, summed over clients",
            c => _mjpeg.TryGet(c.Id)?.PartsSent ?? 0);
        CameraCounter("mjpeg.frames_skipped_total", "{frame}",
            "JPEG frames MJPEG clients skipped (latest-wins: slow client or fps cap), summed over clients",
            c => _mjpeg.TryGet(c.Id)?.FramesSkipped ?? 0);
    }

    private IEnumerable<Measurement<int>> ObserveCameraStates()
    {
        foreach (ICamera camera in _cameras.Cameras)
        {
            CameraState state = camera.Status.State;
            foreach (CameraState s in States)
            {
                yield return new Measurement<int>(s == state ? 1 : 0,
                    new KeyValuePair<string, object?>("camera", camera.Id), new KeyValuePair<string, object?>("state", s.ToString()));
            }
        }
    }

    private IEnumerable<Measurement<long>> ObserveKeyframes()
    {
        foreach (ICamera camera in _cameras.Cameras)
        {
            if (camera is ICameraCounters counters)
            {
                var id = new KeyValuePair<string, object?>("camera", camera.Id);
                yield return new Measurement<long>(counters.KeyframesPeriodic, id, new KeyValuePair<string, object?>("cause", "periodic"));
                yield return new Measurement<long>(counters.KeyframesForced, id, new KeyValuePair<string, object?>("cause", "forced"));
            }
        }
    }

    /// <summary>A per-camera counter; cameras for which <paramref name="read"/> gives null are left out.</summary>
    private void CameraCounter(string name, string unit, string description, Func<ICamera, long?> read) =>
        Meter.CreateObservableCounter(name, () => ObserveCameras(read), unit, description);

    private IEnumerable<Measurement<long>> ObserveCameras(Func<ICamera, long?> read)
    {
        foreach (ICamera camera in _cameras.Cameras)
        {
            if (read(camera) is { } value)
            {
                yield return new Measurement<long>(value, CameraTag(camera));
            }
        }
    }

    /// <summary>A per-camera sum over its WebRTC sessions, ended ones included (0 for a camera never viewed).</summary>
    private void CameraTotal(string name, string unit, string description, Func<SessionCounters, long> read) =>
        Meter.CreateObservableCounter(name, () =>
        {
            SessionLedgerSnapshot snapshot = Snapshot();
            return _cameras.Cameras.Select(c => new Measurement<long>(read(snapshot.CameraTotals.GetValueOrDefault(c.Id)), CameraTag(c)));
        }, unit, description);

    private void SessionCounter(string name, string unit, string description, Func<SessionCounters, long> read) =>
        Meter.CreateObservableCounter(name, () => Snapshot().Live.Select(s => new Measurement<long>(read(s.Counters), SessionTags(s))),
            unit, description);

    private void Counter(string name, string unit, string description, Func<long> read) =>
        Meter.CreateObservableCounter(name, () => new Measurement<long>(read()), unit, description);

    private static KeyValuePair<string, object?> CameraTag(ICamera camera) => new("camera", camera.Id);

    private static KeyValuePair<string, object?>[] SessionTags(SessionSample s) =>
        [new("camera", s.CameraId), new("session", s.SessionId)];

    /// <summary>The ledger's snapshot, shared by the callbacks of one collection (see <see cref="SnapshotReuse"/>).</summary>
    private SessionLedgerSnapshot Snapshot()
    {
        lock (_snapshotGate)
        {
            long now = _time.GetTimestamp();
            if (_snapshotTimestamp == long.MinValue || _time.GetElapsedTime(_snapshotTimestamp, now) >= SnapshotReuse)
            {
                _snapshot = _ledger.Snapshot();
                _snapshotTimestamp = now;
            }

            return _snapshot;
        }
    }
}
