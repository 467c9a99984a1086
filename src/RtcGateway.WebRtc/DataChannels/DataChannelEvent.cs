namespace RtcGateway.WebRtc.DataChannels;

/// <summary>An event drained with <see cref="DataChannelManager.TryPollEvent"/>.</summary>
/// <param name="Kind">What happened.</param>
/// <param name="Channel">The channel concerned (null for <see cref="DataChannelEventKind.AssociationClosed"/>).</param>
/// <param name="IsText">For messages: true for PPID 51/52/56 (UTF-8 text), false for binary.</param>
/// <param name="Data">For messages: the payload (empty for PPID 56/57); owned by the receiver.</param>
public readonly record struct DataChannelEvent(DataChannelEventKind Kind, DataChannel? Channel, bool IsText, ReadOnlyMemory<byte> Data);
