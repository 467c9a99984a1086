using System.Buffers.Binary;

namespace RtcGateway.WebRtc.Sctp;

/// <summary>Inbound packet processing (RFC 9260 §8.5 verification tags, §3.2 chunk handling).</summary>
public sealed partial class SctpAssociation
{
    /// <summary>
    /// Processes one inbound SCTP packet (the payload of one DTLS application-data record). Verifies the CRC-32c
    /// (RFC 9260 §6.8), ports and verification tag (§8.5), then each chunk. Never throws on wire input; bad packets
    /// are dropped and counted in <see cref="DroppedPackets"/>.
    /// </summary>
    public void HandlePacket(ReadOnlySpan<byte> packet, long nowMs)
    {
        _nowMs = nowMs;
        if (!SctpCommonHeader.TryRead(packet, out SctpCommonHeader header))
        {
            Drop("short packet");
            return;
        }

        if (!SctpChecksum.Verify(packet))
        {
            ChecksumErrors++;
            Drop("bad checksum");
            return;
        }

        if (header.DestinationPort != _options.LocalPort || header.SourcePort != _options.RemotePort)
        {
            Drop("wrong port");
            return;
        }

        ReadOnlySpan<byte> chunks = packet.Slice(SctpCommonHeader.Size);
        if (!CheckVerificationTag(header.VerificationTag, chunks))
        {
            Drop("verification tag");
            return;
        }

        ReceivedPackets++;
        bool hadData = false;
        bool immediateSack = false;
        var reader = new SctpChunkReader(chunks);
        while (reader.TryReadNext(out byte type, out byte flags, out ReadOnlySpan<byte> value))
        {
            if (!HandleChunk(type, flags, value, header.VerificationTag, nowMs, ref hadData, ref immediateSack))
            {
                break;
            }

            if (State == SctpAssociationState.Closed && CloseReason != SctpCloseReason.None)
            {
                break;
            }
        }

        if (reader.Malformed)
        {
            DroppedPackets++;
        }

        if (hadData && State != SctpAssociationState.Closed)
        {
            _dataPacketsSinceSack++;
            if (immediateSack || _inbound.HasGaps || _inbound.HasDuplicates || _dataPacketsSinceSack >= 2 || _options.DelayedAckMs == 0
                || State is SctpAssociationState.ShutdownSent or SctpAssociationState.ShutdownReceived)
            {
                _sackNow = true;
            }
            else
            {
                _delayedAckMs ??= nowMs + _options.DelayedAckMs;
            }
        }

        DrainReady();
        if (State != SctpAssociationState.Closed)
        {
            Progress(nowMs);
        }
    }

    private void Drop(string reason)
    {
        DroppedPackets++;
        SctpLog.Dropped(_logger, reason);
    }

    private bool CheckVerificationTag(uint tag, ReadOnlySpan<byte> chunks)
    {
        if (chunks.Length < 4)
        {
            return false;
        }

        byte first = chunks[0];
        if (first == SctpChunkType.Init)
        {
            // §8.5.1 A: INIT has tag 0 and must be alone in its packet.
            int len = BinaryPrimitives.ReadUInt16BigEndian(chunks.Slice(2));
            return tag == 0 && SctpChunkReader.Pad4(len) >= chunks.Length;
        }

        if (first == SctpChunkType.CookieEcho)
        {
            return true; // checked against the cookie's tag in HandleCookieEcho
        }

        if ((first == SctpChunkType.Abort || first == SctpChunkType.ShutdownComplete) && (chunks[1] & 1) != 0)
        {
            // §8.5.1 B/C: T bit set means the tag is the receiver's (our peer's) own.
            return _peerTag != 0 && tag == _peerTag;
        }

        return _localTag != 0 && tag == _localTag && State != SctpAssociationState.Closed;
    }

    /// <returns>False to stop processing the rest of the packet.</returns>
    private bool HandleChunk(byte type, byte flags, ReadOnlySpan<byte> value, uint tag, long nowMs, ref bool hadData, ref bool immediateSack)
    {
        switch (type)
        {
            case SctpChunkType.Data:
                hadData = true;
                immediateSack |= HandleData(flags, value);
                return true;
            case SctpChunkType.Init:
                HandleInit(value, nowMs);
                return false;
            case SctpChunkType.InitAck:
                HandleInitAck(value, nowMs);
                return false;
            case SctpChunkType.CookieEcho:
                return HandleCookieEcho(value, tag, nowMs);
            case SctpChunkType.CookieAck:
                if (State == SctpAssociationState.CookieEchoed)
                {
                    Establish(nowMs);
                }

                return true;
            case SctpChunkType.Sack:
                HandleSack(value, nowMs);
                return true;
            case SctpChunkType.Heartbeat:
                HandleHeartbeat(value);
                return true;
            case SctpChunkType.HeartbeatAck:
                HandleHeartbeatAck(value, nowMs);
                return true;
            case SctpChunkType.Abort:
                Close(SctpCloseReason.RemoteAbort);
                return false;
            case SctpChunkType.Shutdown:
                HandleShutdown(value, nowMs);
                return true;
            case SctpChunkType.ShutdownAck:
                if (State is SctpAssociationState.ShutdownSent or SctpAssociationState.ShutdownAckSent)
                {
                    QueueShutdownComplete();
                    Close(SctpCloseReason.Shutdown);
                    return false;
                }

                return true;
            case SctpChunkType.ShutdownComplete:
                if (State == SctpAssociationState.ShutdownAckSent)
                {
                    Close(SctpCloseReason.Shutdown);
                    return false;
                }

                return true;
            case SctpChunkType.Error:
                return true;
            case SctpChunkType.ForwardTsn:
                if (IsEstablishedForData() && SctpForwardTsnChunk.TryRead(value, out SctpForwardTsnChunk fwd))
                {
                    _inbound.ForwardTsn(fwd);
                    _sackNow = true; // RFC 3758 §3.6: acknowledge at once
                }

                return true;
            case SctpChunkType.ReConfig:
                HandleReconfig(value, nowMs);
                return true;
            default:
                // §3.2: the two high bits say whether to skip the unknown chunk (1x) or stop processing the packet (0x).
                return (type & 0x80) != 0;
        }
    }

    private bool IsEstablishedForData() =>
        State is SctpAssociationState.Established or SctpAssociationState.ShutdownPending or SctpAssociationState.ShutdownSent;

    /// <returns>True when the chunk asks for an immediate SACK (I bit, RFC 7053).</returns>
    private bool HandleData(byte flags, ReadOnlySpan<byte> value)
    {
        if (!IsEstablishedForData() && State != SctpAssociationState.ShutdownReceived)
        {
            return false;
        }

        if (!SctpDataChunk.TryRead(flags, value, out SctpDataChunk chunk))
        {
            DroppedPackets++;
            return false;
        }

        if (chunk.StreamId >= InboundStreams)
        {
            _inbound.Discard(chunk.Tsn); // §6.5: acknowledge, discard
            return true;
        }

        _inbound.Receive(chunk);
        return (flags & SctpDataChunk.FlagImmediate) != 0;
    }

    private void HandleInit(ReadOnlySpan<byte> value, long nowMs)
    {
        if (!SctpInitChunk.TryRead(value, out SctpInitChunk init))
        {
            DroppedPackets++;
            return;
        }

        uint localTag;
        uint localTsn;
        switch (State)
        {
            case SctpAssociationState.Closed when CloseReason == SctpCloseReason.None:
                localTag = RandomTag();
                localTsn = RandomTag();
                break;
            case SctpAssociationState.CookieWait or SctpAssociationState.CookieEchoed:
                // §5.2.1 INIT collision: answer with the tag and TSN of our own INIT.
                localTag = _localTag;
                localTsn = _localInitialTsn;
                break;
            default:
                DroppedPackets++; // restart of an established association is not supported
                return;
        }

        var cookie = new SctpStateCookie(
            localTag, init.InitiateTag, localTsn, init.InitialTsn, init.AdvertisedReceiverWindow, init.OutboundStreams,
            init.InboundStreams, init.ForwardTsnSupported, init.ReconfigSupported, nowMs);
        Span<byte> cookieBytes = stackalloc byte[SctpStateCookie.Size];
        cookie.WriteTo(cookieBytes, _secret);
        int size = SctpCommonHeader.Size + SctpInitChunk.GetSize(cookieBytes.Length);
        byte[] packet = new byte[size];
        new SctpCommonHeader(_options.LocalPort, _options.RemotePort, init.InitiateTag).WriteTo(packet);
        SctpInitChunk.Write(
            packet.AsSpan(SctpCommonHeader.Size), SctpChunkType.InitAck, localTag, (uint)_options.ReceiveBufferBytes, _options.Streams,
            _options.Streams, localTsn, cookieBytes);
        SctpChecksum.Write(packet);
        EnqueueControlPacket(packet);
    }

    private void HandleInitAck(ReadOnlySpan<byte> value, long nowMs)
    {
        if (State != SctpAssociationState.CookieWait || !SctpInitChunk.TryRead(value, out SctpInitChunk ack) || ack.StateCookie.IsEmpty
            || ack.StateCookie.Length > 1024)
        {
            DroppedPackets++;
            return;
        }

        _peerTag = ack.InitiateTag;
        SetupTcb(ack.InitialTsn, ack.AdvertisedReceiverWindow, ack.OutboundStreams, ack.InboundStreams, ack.ForwardTsnSupported, ack.ReconfigSupported);
        _cookieEcho = ack.StateCookie.ToArray();
        State = SctpAssociationState.CookieEchoed;
        _initRetransmits = 0;
        _t1Ms = nowMs + _rto.RtoMs;
        QueueCookieEcho();
    }

    private void SetupTcb(uint peerInitialTsn, uint peerRwnd, ushort peerOs, ushort peerMis, bool forwardTsn, bool reconfig)
    {
        _inbound.Init(peerInitialTsn);
        _outbound.Init(_localInitialTsn, peerRwnd);
        OutboundStreams = Math.Min(_options.Streams, peerMis);
        InboundStreams = Math.Min(_options.Streams, peerOs);
        PeerSupportsForwardTsn = forwardTsn;
        PeerSupportsReconfig = reconfig;
        _reset.PeerNextRequestSeq = peerInitialTsn;
        _reset.LastResponseResult = SctpReconfigParameter.ResultSuccessNothingToDo;
    }

    private bool HandleCookieEcho(ReadOnlySpan<byte> value, uint tag, long nowMs)
    {
        if (!SctpStateCookie.TryRead(value, _secret, nowMs, _options.CookieLifetimeMs, out SctpStateCookie cookie) || cookie.LocalTag != tag)
        {
            DroppedPackets++;
            return false;
        }

        if (State is SctpAssociationState.Closed or SctpAssociationState.CookieWait or SctpAssociationState.CookieEchoed)
        {
            if (State == SctpAssociationState.Closed && CloseReason != SctpCloseReason.None)
            {
                return false;
            }

            if (State != SctpAssociationState.Closed && cookie.LocalTag != _localTag)
            {
                DroppedPackets++;
                return false;
            }

            _localTag = cookie.LocalTag;
            _peerTag = cookie.PeerTag;
            _localInitialTsn = cookie.LocalInitialTsn;
            SetupTcb(cookie.PeerInitialTsn, cookie.PeerReceiverWindow, cookie.PeerOutboundStreams, cookie.PeerInboundStreams,
                cookie.PeerForwardTsn, cookie.PeerReconfig);
            EnqueueControlChunk([SctpChunkType.CookieAck, 0, 0, 4]);
            Establish(nowMs);
            return true;
        }

        if (cookie.LocalTag == _localTag && cookie.PeerTag == _peerTag)
        {
            EnqueueControlChunk([SctpChunkType.CookieAck, 0, 0, 4]); // §5.2.4 D: our COOKIE ACK was lost
            return true;
        }

        DroppedPackets++; // restart not supported
        return false;
    }

    private void HandleSack(ReadOnlySpan<byte> value, long nowMs)
    {
        if (State is SctpAssociationState.Closed or SctpAssociationState.CookieWait or SctpAssociationState.CookieEchoed
            || !SctpSackChunk.TryRead(value, out SctpSackChunk sack))
        {
            return;
        }

        if (_outbound.ProcessSack(sack, nowMs))
        {
            _errorCount = 0;
        }
    }

    // §3.3.5/§3.3.6: HEARTBEAT carries a Heartbeat Info TLV (type 1) echoed unchanged in HEARTBEAT ACK.
    private void HandleHeartbeat(ReadOnlySpan<byte> value)
    {
        if (value.Length < 4 || value.Length > 512 || State == SctpAssociationState.Closed)
        {
            return;
        }

        byte[] chunk = new byte[SctpChunkReader.Pad4(4 + value.Length)];
        SctpChunkReader.WriteHeader(chunk, SctpChunkType.HeartbeatAck, 0, 4 + value.Length);
        value.CopyTo(chunk.AsSpan(4));
        EnqueueControlChunk(chunk);
    }

    private void HandleHeartbeatAck(ReadOnlySpan<byte> value, long nowMs)
    {
        // Our info: type 1 | length 20 | sent ms (8) | nonce (8)
        if (value.Length < 20 || BinaryPrimitives.ReadUInt16BigEndian(value) != 1 || _heartbeatTimeoutMs is null)
        {
            return;
        }

        long sent = BinaryPrimitives.ReadInt64BigEndian(value.Slice(4));
        ulong nonce = BinaryPrimitives.ReadUInt64BigEndian(value.Slice(12));
        if (nonce != _heartbeatNonce)
        {
            return;
        }

        HeartbeatAcks++;
        _rto.AddSample(nowMs - sent);
        _errorCount = 0;
        _heartbeatTimeoutMs = null;
        _heartbeatDueMs = nowMs + _options.HeartbeatIntervalMs;
    }

    private void HandleShutdown(ReadOnlySpan<byte> value, long nowMs)
    {
        if (value.Length < 4 || State is SctpAssociationState.Closed or SctpAssociationState.CookieWait or SctpAssociationState.CookieEchoed)
        {
            return;
        }

        // §9.2: the cumulative TSN ack in SHUTDOWN acknowledges our data like a SACK without gap blocks.
        Span<byte> sack = stackalloc byte[12];
        value.Slice(0, 4).CopyTo(sack);
        BinaryPrimitives.WriteUInt32BigEndian(sack.Slice(4), (uint)Math.Min(uint.MaxValue, _outbound.PeerRwnd + _outbound.FlightSize));
        if (SctpSackChunk.TryRead(sack, out SctpSackChunk s))
        {
            _outbound.ProcessSack(s, nowMs);
        }

        if (State == SctpAssociationState.ShutdownSent)
        {
            // Simultaneous shutdown (§9.2): answer with SHUTDOWN ACK.
            State = SctpAssociationState.ShutdownAckSent;
            QueueShutdownChunk();
            _t2Ms = nowMs + _rto.RtoMs;
        }
        else if (State is SctpAssociationState.Established or SctpAssociationState.ShutdownPending)
        {
            State = SctpAssociationState.ShutdownReceived;
            _sackNow = true;
        }
    }
}
