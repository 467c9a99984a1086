using System.Buffers.Binary;

namespace RtcGateway.WebRtc.Sctp;

/// <summary>Outbound packet assembly: control packets, then bundles of control chunks, SACK, FORWARD TSN, RE-CONFIG, HEARTBEAT and DATA (RFC 9260 §6.10).</summary>
public sealed partial class SctpAssociation
{
    /// <summary>
    /// Writes the next outbound SCTP packet into <paramref name="dst"/> (at most <see cref="SctpAssociationOptions.Mtu"/>
    /// bytes, CRC-32c set) and returns true, or false when nothing is due now. Call until false after every input.
    /// Throws <see cref="ArgumentException"/> when <paramref name="dst"/> is shorter than the MTU.
    /// </summary>
    public bool TryPollPacket(Span<byte> dst, out int length)
    {
        length = 0;
        if (dst.Length < _options.Mtu)
        {
            throw new ArgumentException($"Destination must hold at least {_options.Mtu} bytes.", nameof(dst));
        }

        if (_controlPackets.TryDequeue(out byte[]? control))
        {
            control.CopyTo(dst);
            length = control.Length;
            SentPackets++;
            return true;
        }

        if (State is SctpAssociationState.Closed or SctpAssociationState.CookieWait or SctpAssociationState.CookieEchoed)
        {
            return false;
        }

        long now = _nowMs;
        Progress(now);
        Span<byte> packet = dst.Slice(0, _options.Mtu);
        int o = new SctpCommonHeader(_options.LocalPort, _options.RemotePort, _peerTag).WriteTo(packet);
        while (_controlChunks.TryPeek(out byte[]? chunk) && chunk.Length <= packet.Length - o)
        {
            _controlChunks.Dequeue();
            chunk.CopyTo(packet.Slice(o));
            o += chunk.Length;
        }

        bool dataAllowed = State is SctpAssociationState.Established or SctpAssociationState.ShutdownPending or SctpAssociationState.ShutdownReceived;
        if (_sackNow || (_delayedAckMs is not null && dataAllowed && _outbound.HasUnsentOrRetransmit))
        {
            o += WriteSack(packet.Slice(o));
        }

        if (State != SctpAssociationState.ShutdownAckSent)
        {
            o += _outbound.WriteForwardTsn(packet.Slice(o), now);
        }

        if (_reset.InFlightStreams is { } streams && _reset.SendAtMs <= now
            && SctpReconfigParameter.GetOutgoingRequestChunkSize(streams.Length) <= packet.Length - o)
        {
            o += SctpReconfigParameter.WriteOutgoingRequestChunk(
                packet.Slice(o), _reset.InFlightSeq, _reset.PeerNextRequestSeq - 1, _reset.InFlightLastTsn, streams);
            _reset.SendAtMs = null;
            _reset.TimerMs = now + _rto.RtoMs;
        }

        if (State == SctpAssociationState.Established && _heartbeatDueMs <= now && _heartbeatTimeoutMs is null && packet.Length - o >= 24)
        {
            o += WriteHeartbeat(packet.Slice(o), now);
        }

        if (dataAllowed)
        {
            o += _outbound.WriteData(packet.Slice(o), now);
        }

        DrainReady();
        if (o == SctpCommonHeader.Size)
        {
            return false;
        }

        SctpChecksum.Write(packet.Slice(0, o));
        length = o;
        SentPackets++;
        return true;
    }

    private int WriteSack(Span<byte> dst)
    {
        int maxGaps = Math.Max(0, Math.Min(_gapScratch.Length / 2, (dst.Length - 16 - (4 * _dupScratch.Length)) / 4));
        if (dst.Length < 16 + (4 * _dupScratch.Length))
        {
            return 0;
        }

        int gapCount = _inbound.GetGapBlocks(_gapScratch.AsSpan(0, 2 * maxGaps));
        int dupCount = _inbound.TakeDuplicates(_dupScratch);
        _sackNow = false;
        _delayedAckMs = null;
        _dataPacketsSinceSack = 0;
        return SctpSackChunk.Write(dst, _inbound.CumulativeTsn, _inbound.AdvertisedWindow, _gapScratch.AsSpan(0, gapCount), _dupScratch.AsSpan(0, dupCount));
    }

    // §3.3.5 HEARTBEAT with Heartbeat Info (type 1): our send time (ms) and a nonce.
    private int WriteHeartbeat(Span<byte> dst, long now)
    {
        _heartbeatNonce = ((ulong)RandomTag() << 32) | RandomTag();
        SctpChunkReader.WriteHeader(dst, SctpChunkType.Heartbeat, 0, 24);
        BinaryPrimitives.WriteUInt16BigEndian(dst.Slice(4), 1);
        BinaryPrimitives.WriteUInt16BigEndian(dst.Slice(6), 20);
        BinaryPrimitives.WriteInt64BigEndian(dst.Slice(8), now);
        BinaryPrimitives.WriteUInt64BigEndian(dst.Slice(16), _heartbeatNonce);
        _heartbeatDueMs = null;
        _heartbeatTimeoutMs = now + _rto.RtoMs;
        return 24;
    }

    private void QueueInit()
    {
        int size = SctpCommonHeader.Size + SctpInitChunk.GetSize(0);
        byte[] packet = new byte[size];
        new SctpCommonHeader(_options.LocalPort, _options.RemotePort, 0).WriteTo(packet);
        SctpInitChunk.Write(
            packet.AsSpan(SctpCommonHeader.Size), SctpChunkType.Init, _localTag, (uint)_options.ReceiveBufferBytes, _options.Streams,
            _options.Streams, _localInitialTsn, default);
        SctpChecksum.Write(packet);
        EnqueueControlPacket(packet);
    }

    private void QueueCookieEcho()
    {
        byte[] cookie = _cookieEcho!;
        byte[] packet = new byte[SctpCommonHeader.Size + SctpChunkReader.Pad4(4 + cookie.Length)];
        new SctpCommonHeader(_options.LocalPort, _options.RemotePort, _peerTag).WriteTo(packet);
        SctpChunkReader.WriteHeader(packet.AsSpan(SctpCommonHeader.Size), SctpChunkType.CookieEcho, 0, 4 + cookie.Length);
        cookie.CopyTo(packet.AsSpan(SctpCommonHeader.Size + 4));
        SctpChecksum.Write(packet);
        EnqueueControlPacket(packet);
    }

    // §3.3.8 SHUTDOWN carries our cumulative TSN ack; §3.3.9 SHUTDOWN ACK has no value.
    private void QueueShutdownChunk()
    {
        if (State == SctpAssociationState.ShutdownSent)
        {
            byte[] chunk = new byte[8];
            SctpChunkReader.WriteHeader(chunk, SctpChunkType.Shutdown, 0, 8);
            BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(4), _inbound.CumulativeTsn);
            EnqueueControlChunk(chunk);
        }
        else if (State == SctpAssociationState.ShutdownAckSent)
        {
            EnqueueControlChunk([SctpChunkType.ShutdownAck, 0, 0, 4]);
        }
    }

    private void QueueShutdownComplete()
    {
        byte[] packet = new byte[SctpCommonHeader.Size + 4];
        new SctpCommonHeader(_options.LocalPort, _options.RemotePort, _peerTag).WriteTo(packet);
        SctpChunkReader.WriteHeader(packet.AsSpan(SctpCommonHeader.Size), SctpChunkType.ShutdownComplete, 0, 4);
        SctpChecksum.Write(packet);
        EnqueueControlPacket(packet);
    }

    private void EnqueueControlPacket(byte[] packet)
    {
        if (_controlPackets.Count < MaxControlPackets)
        {
            _controlPackets.Enqueue(packet);
        }
    }

    private void EnqueueControlChunk(byte[] chunk)
    {
        if (_controlChunks.Count < MaxControlChunks && chunk.Length <= _options.Mtu - SctpCommonHeader.Size)
        {
            _controlChunks.Enqueue(chunk);
        }
    }
}
