namespace RtcGateway.WebRtc.Sctp;

/// <summary>RE-CONFIG handling (RFC 6525 §5): outgoing SSN reset requests both ways and their responses.</summary>
public sealed partial class SctpAssociation
{
    private void HandleReconfig(ReadOnlySpan<byte> value, long nowMs)
    {
        if (State != SctpAssociationState.Established)
        {
            return;
        }

        ReadOnlySpan<byte> rest = value;
        for (int i = 0; i < 2 && SctpReconfigParameter.TryReadNext(ref rest, out SctpReconfigParameter p); i++)
        {
            switch (p.Type)
            {
                case SctpReconfigParameter.OutgoingSsnResetRequest:
                    HandlePeerOutgoingReset(p);
                    break;
                case SctpReconfigParameter.IncomingSsnResetRequest:
                    HandlePeerIncomingReset(p);
                    break;
                case SctpReconfigParameter.ReconfigResponse:
                    HandleReconfigResponse(p, nowMs);
                    break;
            }
        }
    }

    // §5.2.2: the peer resets its outgoing streams (our incoming ones) once we have every TSN up to its last assigned TSN.
    private void HandlePeerOutgoingReset(in SctpReconfigParameter p)
    {
        uint seq = p.SequenceNumber;
        if (seq == _reset.PeerNextRequestSeq - 1)
        {
            QueueReconfigResponse(seq, _reset.LastResponseResult); // duplicate: same answer again
            return;
        }

        if (seq != _reset.PeerNextRequestSeq)
        {
            QueueReconfigResponse(seq, SctpReconfigParameter.ResultErrorBadSequenceNumber);
            return;
        }

        if (SctpSerial.Lt(_inbound.CumulativeTsn, p.LastAssignedTsn))
        {
            QueueReconfigResponse(seq, SctpReconfigParameter.ResultInProgress); // the peer asks again later
            return;
        }

        ushort[] streams = new ushort[p.StreamCount];
        for (int i = 0; i < streams.Length; i++)
        {
            streams[i] = p.GetStream(i);
        }

        DrainReady();
        _inbound.ResetStreams(streams);
        _reset.PeerNextRequestSeq++;
        _reset.LastResponseResult = SctpReconfigParameter.ResultSuccessPerformed;
        QueueReconfigResponse(seq, SctpReconfigParameter.ResultSuccessPerformed);
        AddEvent(new SctpEvent(SctpEventKind.IncomingStreamsReset, 0, 0, default, streams, SctpCloseReason.None));
    }

    // §5.2.3: the peer asks us to reset our outgoing streams: we queue our own Outgoing SSN Reset Request.
    private void HandlePeerIncomingReset(in SctpReconfigParameter p)
    {
        uint seq = p.SequenceNumber;
        if (seq == _reset.PeerNextRequestSeq - 1)
        {
            QueueReconfigResponse(seq, _reset.LastResponseResult);
            return;
        }

        if (seq != _reset.PeerNextRequestSeq)
        {
            QueueReconfigResponse(seq, SctpReconfigParameter.ResultErrorBadSequenceNumber);
            return;
        }

        uint result = SctpReconfigParameter.ResultSuccessPerformed;
        for (int i = 0; i < p.StreamCount; i++)
        {
            if (!_reset.AddPending(p.GetStream(i)))
            {
                result = SctpReconfigParameter.ResultDenied;
                break;
            }
        }

        _reset.PeerNextRequestSeq++;
        _reset.LastResponseResult = result;
        QueueReconfigResponse(seq, result);
    }

    // §5.2.7: the peer answered our request.
    private void HandleReconfigResponse(in SctpReconfigParameter p, long nowMs)
    {
        if (_reset.InFlightStreams is not { } streams || p.SequenceNumber != _reset.InFlightSeq)
        {
            return;
        }

        _errorCount = 0;
        switch (p.Result)
        {
            case SctpReconfigParameter.ResultInProgress:
                _reset.TimerMs = null;
                _reset.SendAtMs = nowMs + _rto.RtoMs;
                return;
            case SctpReconfigParameter.ResultSuccessPerformed or SctpReconfigParameter.ResultSuccessNothingToDo:
                _outbound.ResetSsn(streams);
                AddEvent(new SctpEvent(SctpEventKind.OutgoingStreamsReset, 0, 0, default, streams, SctpCloseReason.None));
                break;
            default:
                AddEvent(new SctpEvent(SctpEventKind.OutgoingStreamsResetFailed, 0, 0, default, streams, SctpCloseReason.None));
                break;
        }

        _reset.InFlightStreams = null;
        _reset.TimerMs = null;
        _reset.SendAtMs = null;
    }

    private void QueueReconfigResponse(uint seq, uint result)
    {
        byte[] chunk = new byte[16];
        SctpReconfigParameter.WriteResponseChunk(chunk, seq, result);
        EnqueueControlChunk(chunk);
    }
}
