using RtcGateway.WebRtc.Sctp;

namespace RtcGateway.WebRtc.DataChannels;

/// <summary>
/// WebRTC data channels (RFC 8831) with DCEP (RFC 8832) on top of one <see cref="SctpAssociation"/>. Sans-IO and
/// single-threaded: it wraps the association's inputs (<see cref="HandlePacket"/>, <see cref="HandleTimeout"/>) and
/// outputs (<see cref="TryPollPacket"/>, <see cref="NextTimeoutMs"/>) and turns association events into
/// <see cref="DataChannelEvent"/>s. Channels opened by the peer arrive via DCEP OPEN (answered with ACK); ours use ids of
/// our parity (DTLS client even, server odd; RFC 8832 §6); pre-negotiated channels are registered by id.
/// Closing resets the outgoing stream, and a peer's reset is answered with ours (RFC 8831 §6.7); a channel is Closed,
/// and its id reusable, when both directions are reset.
/// </summary>
public sealed class DataChannelManager
{
    /// <summary>Default max message size when the remote SDP has no <c>a=max-message-size</c> (RFC 8841 §6.1): 64 KiB.</summary>
    public const int DefaultRemoteMaxMessageSize = 65_536;

    private const int MaxChannels = 1024;

    private readonly bool _isDtlsClient;
    private readonly Dictionary<ushort, DataChannel> _channels = new();
    private readonly Queue<DataChannelEvent> _events = new();
    private long _nowMs;

    /// <summary>Creates a manager over <paramref name="association"/> (which it drives from now on).</summary>
    /// <param name="association">A new association (Closed; the browser's INIT or our <see cref="Connect"/> starts it).</param>
    /// <param name="isDtlsClient">Our DTLS role: false for the gateway (DTLS server, odd stream ids).</param>
    public DataChannelManager(SctpAssociation association, bool isDtlsClient)
    {
        ArgumentNullException.ThrowIfNull(association);
        Association = association;
        _isDtlsClient = isDtlsClient;
    }

    /// <summary>The underlying association (for state, statistics and Shutdown/Abort).</summary>
    public SctpAssociation Association { get; }

    /// <summary>
    /// Largest message the remote accepts, bytes: its SDP <c>a=max-message-size</c> (0 there means unlimited: use
    /// int.MaxValue); default <see cref="DefaultRemoteMaxMessageSize"/>. Sends above it are refused with TooLarge.
    /// </summary>
    public int RemoteMaxMessageSize { get; set; } = DefaultRemoteMaxMessageSize;

    /// <summary>Open or closing channels by stream id.</summary>
    public IReadOnlyDictionary<ushort, DataChannel> Channels => _channels;

    /// <summary>Messages dropped: unknown stream, malformed DCEP, channel not open.</summary>
    public long DroppedMessages { get; private set; }

    /// <summary>See <see cref="SctpAssociation.NextTimeoutMs"/>.</summary>
    public long? NextTimeoutMs => Association.NextTimeoutMs;

    /// <summary>Starts the association as SCTP initiator (tests, or a client role); see <see cref="SctpAssociation.Connect"/>.</summary>
    public void Connect(long nowMs) => Association.Connect(nowMs);

    /// <summary>Feeds one inbound SCTP packet (see <see cref="SctpAssociation.HandlePacket"/>); never throws on wire input.</summary>
    public void HandlePacket(ReadOnlySpan<byte> packet, long nowMs)
    {
        Association.HandlePacket(packet, nowMs);
        Process(nowMs);
    }

    /// <summary>Fires due timers (see <see cref="SctpAssociation.HandleTimeout"/>).</summary>
    public void HandleTimeout(long nowMs)
    {
        Association.HandleTimeout(nowMs);
        Process(nowMs);
    }

    /// <summary>Next outbound SCTP packet (see <see cref="SctpAssociation.TryPollPacket"/>).</summary>
    public bool TryPollPacket(Span<byte> dst, out int length)
    {
        bool result = Association.TryPollPacket(dst, out length);
        Process(null);
        return result;
    }

    /// <summary>Takes the next data channel event; false when none is queued.</summary>
    public bool TryPollEvent(out DataChannelEvent ev) => _events.TryDequeue(out ev);

    /// <summary>The channel on <paramref name="id"/>, if open or closing.</summary>
    public bool TryGetChannel(ushort id, out DataChannel? channel) => _channels.TryGetValue(id, out channel);

    /// <summary>
    /// Creates a channel. Pre-negotiated (<see cref="DataChannelOptions.Negotiated"/>, with <see cref="DataChannelOptions.Id"/>):
    /// open as soon as the association is. Otherwise sends DCEP OPEN on the next free id of our parity (or the given id)
    /// and opens on ACK. Throws <see cref="InvalidOperationException"/> when the id is taken, has the wrong parity
    /// for an in-band channel, or no id is free; <see cref="ArgumentException"/> when a negotiated channel has no id.
    /// </summary>
    public DataChannel CreateChannel(string label, DataChannelOptions? options, long nowMs)
    {
        _nowMs = nowMs;
        ArgumentNullException.ThrowIfNull(label);
        options ??= new DataChannelOptions();
        if (options.Negotiated && options.Id is null)
        {
            throw new ArgumentException("A negotiated channel needs an id.", nameof(options));
        }

        ushort id = options.Id ?? AllocateId();
        if (_channels.ContainsKey(id))
        {
            throw new InvalidOperationException($"Stream id {id} is in use.");
        }

        if (!options.Negotiated && (id % 2 == 0) != _isDtlsClient)
        {
            throw new InvalidOperationException($"Stream id {id} has the peer's parity.");
        }

        bool up = Association.State == SctpAssociationState.Established;
        var channel = new DataChannel(this, id, label, options, DataChannelState.Connecting, locallyOpened: true);
        _channels[id] = channel;
        if (up)
        {
            Start(channel, nowMs);
        }

        return channel;
    }

    internal SctpSendResult SendMessage(DataChannel channel, uint ppid, ReadOnlySpan<byte> data, long nowMs)
    {
        if (channel.State != DataChannelState.Open && !(channel.State == DataChannelState.Connecting && channel.LocallyOpened && Association.State == SctpAssociationState.Established))
        {
            return SctpSendResult.NotEstablished;
        }

        if (data.Length > RemoteMaxMessageSize)
        {
            return SctpSendResult.TooLarge;
        }

        return Association.Send(channel.Id, ppid, data, SendOptions(channel), nowMs);
    }

    internal void CloseChannel(DataChannel channel, long nowMs)
    {
        if (channel.State is DataChannelState.Closing or DataChannelState.Closed)
        {
            return;
        }

        if (Association.State != SctpAssociationState.Established)
        {
            Closed(channel);
            return;
        }

        channel.State = DataChannelState.Closing;
        RequestOutgoingReset(channel, nowMs);
    }

    private void Start(DataChannel channel, long nowMs)
    {
        if (channel.Options.Negotiated)
        {
            channel.State = DataChannelState.Open;
            _events.Enqueue(new DataChannelEvent(DataChannelEventKind.ChannelOpened, channel, false, default));
            return;
        }

        var open = new DcepMessage(
            DcepMessage.Open, channel.Options.ChannelType, channel.Options.Priority, channel.Options.ReliabilityParameter, channel.Label,
            channel.Options.Protocol);
        Association.Send(channel.Id, DataChannelPpid.Dcep, open.ToArray(), SctpSendOptions.ReliableOrdered, nowMs);
    }

    private SctpSendOptions SendOptions(DataChannel channel)
    {
        DataChannelOptions o = channel.Options;

        // RFC 8832 §6: until the ACK arrives the opener sends ordered so the OPEN is delivered first.
        bool unordered = !o.Ordered && (channel.AckReceived || !channel.LocallyOpened || o.Negotiated);
        return new SctpSendOptions(unordered, o.MaxRetransmits, o.MaxPacketLifeTimeMs);
    }

    private ushort AllocateId()
    {
        int limit = Association.OutboundStreams > 0 ? Association.OutboundStreams : 65535;
        for (int id = _isDtlsClient ? 0 : 1; id < limit; id += 2)
        {
            if (!_channels.ContainsKey((ushort)id))
            {
                return (ushort)id;
            }
        }

        throw new InvalidOperationException("No free stream id.");
    }

    private void Process(long? nowMs)
    {
        _nowMs = nowMs ?? _nowMs;
        long now = _nowMs;
        while (Association.TryPollEvent(out SctpEvent ev))
        {
            switch (ev.Kind)
            {
                case SctpEventKind.Established:
                    foreach (DataChannel c in _channels.Values.ToList())
                    {
                        Start(c, now);
                    }

                    break;
                case SctpEventKind.MessageReceived:
                    OnMessage(ev, now);
                    break;
                case SctpEventKind.IncomingStreamsReset:
                    foreach (ushort id in ev.Streams ?? [])
                    {
                        if (_channels.TryGetValue(id, out DataChannel? c))
                        {
                            c.IncomingReset = true;
                            if (c.State is DataChannelState.Open or DataChannelState.Connecting)
                            {
                                c.State = DataChannelState.Closing;
                            }

                            RequestOutgoingReset(c, now);
                            MaybeClosed(c);
                        }
                    }

                    break;
                case SctpEventKind.OutgoingStreamsReset or SctpEventKind.OutgoingStreamsResetFailed:
                    foreach (ushort id in ev.Streams ?? [])
                    {
                        if (_channels.TryGetValue(id, out DataChannel? c) && c.OutgoingResetRequested)
                        {
                            c.OutgoingResetDone = true;
                            if (ev.Kind == SctpEventKind.OutgoingStreamsResetFailed)
                            {
                                c.IncomingReset = true;
                            }

                            MaybeClosed(c);
                        }
                    }

                    break;
                case SctpEventKind.BufferedAmountLow:
                    if (_channels.TryGetValue(ev.StreamId, out DataChannel? low))
                    {
                        _events.Enqueue(new DataChannelEvent(DataChannelEventKind.BufferedAmountLow, low, false, default));
                    }

                    break;
                case SctpEventKind.Closed:
                    foreach (DataChannel c in _channels.Values.ToList())
                    {
                        Closed(c);
                    }

                    _events.Enqueue(new DataChannelEvent(DataChannelEventKind.AssociationClosed, null, false, default));
                    break;
            }
        }
    }

    private void OnMessage(SctpEvent ev, long nowMs)
    {
        ushort id = ev.StreamId;
        _channels.TryGetValue(id, out DataChannel? channel);
        if (ev.Ppid == DataChannelPpid.Dcep)
        {
            if (!DcepMessage.TryRead(ev.Data.Span, out DcepMessage dcep))
            {
                DroppedMessages++;
                return;
            }

            if (dcep.MessageType == DcepMessage.Ack)
            {
                if (channel is { LocallyOpened: true, State: DataChannelState.Connecting })
                {
                    Opened(channel);
                }

                return;
            }

            // DCEP OPEN from the peer: the id must have the peer's parity and be free (RFC 8832 §6).
            if (channel is not null || (id % 2 == 0) == _isDtlsClient || _channels.Count >= MaxChannels)
            {
                DroppedMessages++;
                return;
            }

            var options = DataChannelOptions.FromChannelType(dcep.ChannelType, dcep.Reliability, dcep.Protocol, dcep.Priority);
            channel = new DataChannel(this, id, dcep.Label, options, DataChannelState.Open, locallyOpened: false);
            _channels[id] = channel;
            Association.Send(id, DataChannelPpid.Dcep, [DcepMessage.Ack], SctpSendOptions.ReliableOrdered, nowMs);
            _events.Enqueue(new DataChannelEvent(DataChannelEventKind.ChannelOpened, channel, false, default));
            return;
        }

        if (channel is null || channel.State is DataChannelState.Closed)
        {
            DroppedMessages++;
            return;
        }

        if (channel is { State: DataChannelState.Connecting, LocallyOpened: true })
        {
            Opened(channel); // RFC 8832 §6: user data before the ACK implies it
        }

        bool isText;
        ReadOnlyMemory<byte> data = ev.Data;
        switch (ev.Ppid)
        {
            case DataChannelPpid.String or DataChannelPpid.StringPartial:
                isText = true;
                break;
            case DataChannelPpid.Binary or DataChannelPpid.BinaryPartial:
                isText = false;
                break;
            case DataChannelPpid.StringEmpty:
                isText = true;
                data = ReadOnlyMemory<byte>.Empty;
                break;
            case DataChannelPpid.BinaryEmpty:
                isText = false;
                data = ReadOnlyMemory<byte>.Empty;
                break;
            default:
                DroppedMessages++;
                return;
        }

        _events.Enqueue(new DataChannelEvent(DataChannelEventKind.Message, channel, isText, data));
    }

    private void Opened(DataChannel channel)
    {
        channel.AckReceived = true;
        channel.State = DataChannelState.Open;
        _events.Enqueue(new DataChannelEvent(DataChannelEventKind.ChannelOpened, channel, false, default));
    }

    private void RequestOutgoingReset(DataChannel channel, long nowMs)
    {
        if (channel.OutgoingResetRequested)
        {
            return;
        }

        channel.OutgoingResetRequested = true;
        if (!Association.ResetOutgoingStreams([channel.Id], nowMs))
        {
            channel.OutgoingResetDone = true;
            channel.IncomingReset = true;
            MaybeClosed(channel);
        }
    }

    private void MaybeClosed(DataChannel channel)
    {
        if (channel.IncomingReset && channel.OutgoingResetDone)
        {
            Closed(channel);
        }
    }

    private void Closed(DataChannel channel)
    {
        if (channel.State == DataChannelState.Closed)
        {
            return;
        }

        channel.State = DataChannelState.Closed;
        _channels.Remove(channel.Id);
        _events.Enqueue(new DataChannelEvent(DataChannelEventKind.ChannelClosed, channel, false, default));
    }
}
