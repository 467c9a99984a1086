using System.Diagnostics.CodeAnalysis;
using RtcGateway.WebRtc.Rtcp;

namespace RtcGateway.WebRtc.Bwe;

/// <summary>
/// Send-side history of transport-wide sequenced packets and the adapter from transport-wide feedback
/// (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1) to <see cref="TransportPacketsFeedback"/> for the
/// estimator (draft-ietf-rmcat-gcc-02 §5). A ring buffer indexed by the unwrapped 64-bit transport-wide sequence
/// number: no allocation per packet. Also tracks bytes in flight (sent, neither acknowledged nor reported lost nor
/// evicted). Sans-IO and single-threaded: every time is passed in (µs, the sender's monotonic clock). Never throws on
/// feedback content: unknown, too old, duplicate or reordered reports are counted and skipped.
/// </summary>
public sealed class SendSideHistory
{
    private const int ReferenceTimeBits = 24;

    private readonly Entry[] _ring;
    private readonly int _mask;
    private readonly long _maxAgeUs;
    private readonly List<PacketResult> _results = new(256);
    private bool _hasSent;
    private long _lastSent;
    private long _oldest;
    private bool _hasReference;
    private long _lastReferenceTime;

    /// <summary>Creates an empty history.</summary>
    /// <exception cref="ArgumentOutOfRangeException">invalid <paramref name="options"/> (see <see cref="SendSideHistoryOptions.Validate"/>).</exception>
    public SendSideHistory(SendSideHistoryOptions? options = null)
    {
        options ??= new SendSideHistoryOptions();
        options.Validate();
        _ring = new Entry[options.Capacity];
        _mask = options.Capacity - 1;
        _maxAgeUs = options.MaxAgeUs;
    }

    private enum EntryState : byte
    {
        Empty,
        InFlight,
        Acknowledged,
        Lost,
    }

    /// <summary>Bytes sent and not yet acknowledged, reported lost or evicted, bytes.</summary>
    public long BytesInFlight { get; private set; }

    /// <summary>Unwrapped transport-wide sequence number of the newest sent packet; -1 before the first.</summary>
    public long LastSentSequenceNumber => _hasSent ? _lastSent : -1;

    /// <summary>Packets recorded by <see cref="OnPacketSent"/>.</summary>
    public long PacketsSent { get; private set; }

    /// <summary>Sends ignored because their sequence number did not advance (a caller bug: numbers must increase).</summary>
    public long SendsIgnored { get; private set; }

    /// <summary>Feedback messages that resolved at least one packet.</summary>
    public long FeedbacksProcessed { get; private set; }

    /// <summary>Feedback messages that resolved nothing new (duplicated, reordered behind newer ones, or about unknown packets).</summary>
    public long FeedbacksIgnored { get; private set; }

    /// <summary>Feedback bodies that failed to parse (through the <see cref="TryOnTransportFeedback(ReadOnlySpan{byte}, long, out TransportPacketsFeedback)"/> overload).</summary>
    public long FeedbacksInvalid { get; private set; }

    /// <summary>Reported packets not in the history (never sent, evicted, or in the future).</summary>
    public long PacketsUnknown { get; private set; }

    /// <summary>Reported packets already acknowledged, or reported lost again.</summary>
    public long PacketsDuplicate { get; private set; }

    /// <summary>Packets evicted (age or capacity) before any feedback told their fate.</summary>
    public long PacketsEvictedWithoutFeedback { get; private set; }

    /// <summary>
    /// Records a packet handed to the socket. The 16-bit number is unwrapped against the previous one (numbers must
    /// increase; gaps are allowed); a number that does not advance is counted in <see cref="SendsIgnored"/> and ignored.
    /// Evicts packets older than <see cref="SendSideHistoryOptions.MaxAgeUs"/> or beyond the capacity.
    /// </summary>
    /// <param name="transportSequenceNumber">The transport-wide sequence number written in the packet's header extension.</param>
    /// <param name="sizeBytes">Bytes on the wire (RTP header + payload + SRTP tag), ≥ 0.</param>
    /// <param name="sendTimeUs">Send time, µs.</param>
    /// <param name="probeClusterId">The pacer's probe cluster id for the packet, or -1.</param>
    /// <returns>True when recorded.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="sizeBytes"/> is negative.</exception>
    public bool OnPacketSent(ushort transportSequenceNumber, int sizeBytes, long sendTimeUs, int probeClusterId = -1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sizeBytes);
        long sequence;
        if (!_hasSent)
        {
            sequence = transportSequenceNumber;
            _oldest = sequence;
            _hasSent = true;
        }
        else
        {
            int delta = unchecked((short)(transportSequenceNumber - (ushort)_lastSent));
            if (delta <= 0)
            {
                SendsIgnored++;
                return false;
            }

            sequence = _lastSent + delta;
        }

        Evict(sequence, sendTimeUs);
        ref Entry entry = ref _ring[sequence & _mask];
        entry = new Entry(sequence, sendTimeUs, sizeBytes, probeClusterId, EntryState.InFlight);
        _lastSent = sequence;
        BytesInFlight += sizeBytes;
        PacketsSent++;
        return true;
    }

    /// <summary>
    /// Parses a transport-wide feedback body (<see cref="RtcpPacket.Body"/>) and resolves it like
    /// <see cref="TryOnTransportFeedback(in RtcpTransportFeedback, long, out TransportPacketsFeedback)"/>; a malformed one
    /// is counted in <see cref="FeedbacksInvalid"/>.
    /// </summary>
    public bool TryOnTransportFeedback(ReadOnlySpan<byte> body, long feedbackTimeUs, [NotNullWhen(true)] out TransportPacketsFeedback? result)
    {
        if (RtcpTransportFeedback.TryRead(body, out RtcpTransportFeedback feedback) != RtcpTransportFeedbackError.None)
        {
            FeedbacksInvalid++;
            result = null;
            return false;
        }

        return TryOnTransportFeedback(feedback, feedbackTimeUs, out result);
    }

    /// <summary>
    /// Resolves each packet the feedback reports against the history: a received packet becomes a
    /// <see cref="PacketResult"/> with its arrival time (reference time unwrapped across feedback messages × 64 ms + the
    /// receive deltas, µs on the receiver's clock); a packet reported not received becomes one with
    /// <see cref="PacketResult.NotReceived"/>. Packets already acknowledged, reported lost twice, unknown or evicted are
    /// skipped and counted; a packet first reported lost and later received is reported again as received. Both leave
    /// <see cref="BytesInFlight"/> at their first report.
    /// </summary>
    /// <param name="feedback">A validated feedback (from <see cref="RtcpPacket.AsTransportFeedback"/>).</param>
    /// <param name="feedbackTimeUs">When the feedback arrived, µs on the sender's clock.</param>
    /// <param name="result">The resolved packets in sequence order. Ownership: its <see cref="TransportPacketsFeedback.Packets"/>
    /// list is reused and is valid only until the next call on this history; copy what you keep.</param>
    /// <returns>False (and <paramref name="result"/> null) when nothing new was resolved.</returns>
    public bool TryOnTransportFeedback(in RtcpTransportFeedback feedback, long feedbackTimeUs, [NotNullWhen(true)] out TransportPacketsFeedback? result)
    {
        result = null;
        _results.Clear();
        if (!_hasSent)
        {
            PacketsUnknown += feedback.PacketStatusCount;
            FeedbacksIgnored++;
            return false;
        }

        // Reference time: 24 bits in 64 ms units, unwrapped against the previous feedback's (mod 2^24, nearest).
        int reference = feedback.ReferenceTime;
        long referenceUnwrapped;
        if (!_hasReference)
        {
            referenceUnwrapped = reference;
            _hasReference = true;
        }
        else
        {
            int difference = (reference - (int)(_lastReferenceTime & 0xFF_FFFF)) << (32 - ReferenceTimeBits) >> (32 - ReferenceTimeBits);
            referenceUnwrapped = _lastReferenceTime + difference;
        }

        _lastReferenceTime = referenceUnwrapped;
        long offsetUs = (referenceUnwrapped - feedback.SignedReferenceTime) * RtcpTransportFeedback.ReferenceTimeUnitUs;

        // Base sequence number: the nearest at or below the newest sent packet (feedback is about the past).
        long sequence = _lastSent - (ushort)((ushort)_lastSent - feedback.BaseSequenceNumber);
        foreach (RtcpTransportFeedbackStatus status in feedback)
        {
            long current = sequence++;
            if (current > _lastSent || current < _oldest)
            {
                PacketsUnknown++;
                continue;
            }

            ref Entry entry = ref _ring[current & _mask];
            if (entry.Sequence != current || entry.State == EntryState.Empty)
            {
                PacketsUnknown++;
                continue;
            }

            if (entry.State == EntryState.Acknowledged || (!status.Received && entry.State == EntryState.Lost))
            {
                PacketsDuplicate++;
                continue;
            }

            if (entry.State == EntryState.InFlight)
            {
                BytesInFlight -= entry.SizeBytes;
            }

            entry.State = status.Received ? EntryState.Acknowledged : EntryState.Lost;
            long arrival = status.Received ? status.ReceiveTimeUs + offsetUs : PacketResult.NotReceived;
            _results.Add(new PacketResult(current, entry.SendTimeUs, entry.SizeBytes, arrival, entry.ProbeClusterId));
        }

        if (_results.Count == 0)
        {
            FeedbacksIgnored++;
            return false;
        }

        FeedbacksProcessed++;
        result = new TransportPacketsFeedback(feedbackTimeUs, _results);
        return true;
    }

    private void Evict(long newSequence, long nowUs)
    {
        while (_oldest < newSequence)
        {
            ref Entry entry = ref _ring[_oldest & _mask];
            bool present = entry.Sequence == _oldest && entry.State != EntryState.Empty;
            if (present && newSequence - _oldest < _ring.Length && nowUs - entry.SendTimeUs <= _maxAgeUs)
            {
                return;
            }

            if (present)
            {
                if (entry.State == EntryState.InFlight)
                {
                    BytesInFlight -= entry.SizeBytes;
                    PacketsEvictedWithoutFeedback++;
                }

                entry.State = EntryState.Empty;
            }

            _oldest++;
        }
    }

    private struct Entry(long sequence, long sendTimeUs, int sizeBytes, int probeClusterId, EntryState state)
    {
        public long Sequence = sequence;
        public long SendTimeUs = sendTimeUs;
        public int SizeBytes = sizeBytes;
        public int ProbeClusterId = probeClusterId;
        public EntryState State = state;
    }
}
