using System.Net;

namespace RtcGateway.WebRtc.Ice;

/// <summary>An event drained with <see cref="IceLiteAgent.TryPollEvent"/>.</summary>
/// <param name="Kind">What happened.</param>
/// <param name="State">The agent state after the event.</param>
/// <param name="Remote">For <see cref="IceEventKind.Nominated"/> and <see cref="IceEventKind.SelectedChanged"/>: the selected remote; otherwise null.</param>
/// <param name="AtMs">The caller's clock (ms) when the event happened.</param>
public readonly record struct IceEvent(IceEventKind Kind, IceConnectionState State, IPEndPoint? Remote, long AtMs);
