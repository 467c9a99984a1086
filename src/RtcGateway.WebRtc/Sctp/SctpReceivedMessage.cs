namespace RtcGateway.WebRtc.Sctp;

/// <summary>A reassembled user message ready for delivery.</summary>
internal readonly record struct SctpReceivedMessage(ushort StreamId, uint Ppid, byte[] Data);
