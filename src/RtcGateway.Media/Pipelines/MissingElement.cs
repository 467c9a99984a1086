namespace RtcGateway.Media.Pipelines;

/// <summary>An element the gateway's pipelines would use that is not installed (see <see cref="ElementInventory"/>).</summary>
/// <param name="Factory">Element factory name, e.g. <c>clockoverlay</c>.</param>
/// <param name="Effect">What does not work without it, e.g. <c>the test source has no clock overlay</c>.</param>
/// <param name="Hint">How to install it (<see cref="ElementPackages.InstallHint"/>), e.g. <c>install the Debian package gstreamer1.0-x</c>.</param>
public sealed record MissingElement(string Factory, string Effect, string Hint);
