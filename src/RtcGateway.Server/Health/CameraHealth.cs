namespace RtcGateway.Server.Health;

/// <summary>One camera in the readiness report (JSON <c>{"state":…,"lastError":…}</c>).</summary>
/// <param name="State">Idle, Starting, Streaming, Restarting or Failed.</param>
/// <param name="LastError">The last error (always set when Failed), else null.</param>
public sealed record CameraHealth(string State, string? LastError);
