using System.Text;
using RtcGateway.WebRtc.Sctp;

namespace RtcGateway.WebRtc.DataChannels;

/// <summary>
/// One WebRTC data channel (RFC 8831): a pair of SCTP streams with the same id, created by
/// <see cref="DataChannelManager"/>. Single-threaded like its manager.
/// </summary>
public sealed class DataChannel
{
    private readonly DataChannelManager _manager;

    internal DataChannel(DataChannelManager manager, ushort id, string label, DataChannelOptions options, DataChannelState state, bool locallyOpened)
    {
        _manager = manager;
        Id = id;
        Label = label;
        Options = options;
        State = state;
        LocallyOpened = locallyOpened;
    }

    /// <summary>SCTP stream id (even: opened by the DTLS client; odd: by the DTLS server; RFC 8832 §6).</summary>
    public ushort Id { get; }

    /// <summary>Label from DCEP OPEN or given at creation.</summary>
    public string Label { get; }

    /// <summary>Reliability, ordering, protocol and priority.</summary>
    public DataChannelOptions Options { get; }

    /// <summary>Sub-protocol (<see cref="DataChannelOptions.Protocol"/>).</summary>
    public string Protocol => Options.Protocol;

    /// <summary>Current state.</summary>
    public DataChannelState State { get; internal set; }

    /// <summary>Bytes queued or unacknowledged on this channel's stream.</summary>
    public long BufferedAmount => _manager.Association.GetBufferedAmount(Id);

    /// <summary>Threshold in bytes for <see cref="DataChannelEventKind.BufferedAmountLow"/> (default 0).</summary>
    public long BufferedAmountLowThreshold
    {
        get => _threshold;
        set
        {
            _threshold = Math.Max(0, value);
            _manager.Association.SetBufferedAmountLowThreshold(Id, _threshold);
        }
    }

    internal bool LocallyOpened { get; }

    internal bool AckReceived { get; set; }

    internal bool IncomingReset { get; set; }

    internal bool OutgoingResetDone { get; set; }

    internal bool OutgoingResetRequested { get; set; }

    private long _threshold;

    /// <summary>Sends a UTF-8 text message (PPID 51, or 56 when empty). See <see cref="Send(ReadOnlySpan{byte}, long)"/> for results.</summary>
    public SctpSendResult Send(string text, long nowMs)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0)
        {
            return _manager.SendMessage(this, DataChannelPpid.StringEmpty, [0], nowMs);
        }

        int max = Encoding.UTF8.GetMaxByteCount(text.Length);
        byte[]? rented = max > 1024 ? System.Buffers.ArrayPool<byte>.Shared.Rent(max) : null;
        Span<byte> buffer = rented ?? stackalloc byte[max];
        try
        {
            int length = Encoding.UTF8.GetBytes(text, buffer);
            return _manager.SendMessage(this, DataChannelPpid.String, buffer.Slice(0, length), nowMs);
        }
        finally
        {
            if (rented is not null)
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>
    /// Sends a binary message (PPID 53, or 57 when empty). Returns <see cref="SctpSendResult.Queued"/>, or
    /// <see cref="SctpSendResult.TooLarge"/> above the remote's max message size, <see cref="SctpSendResult.NotEstablished"/>
    /// when the channel is not open, or another SCTP refusal.
    /// </summary>
    public SctpSendResult Send(ReadOnlySpan<byte> data, long nowMs) =>
        data.IsEmpty ? _manager.SendMessage(this, DataChannelPpid.BinaryEmpty, [0], nowMs) : _manager.SendMessage(this, DataChannelPpid.Binary, data, nowMs);

    /// <summary>Closes the channel by resetting its outgoing stream (RFC 8831 §6.7); <see cref="DataChannelEventKind.ChannelClosed"/> follows.</summary>
    public void Close(long nowMs) => _manager.CloseChannel(this, nowMs);

    /// <inheritdoc/>
    public override string ToString() => $"DataChannel {Id} '{Label}' {State}";
}
