namespace RtcGateway.Media.Cameras;

/// <summary>Whether a camera currently encodes its configured picture or a stepped-down one.</summary>
public enum DegradationLevel
{
    /// <summary>Configured width, height and frame rate.</summary>
    None,

    /// <summary>Half width and height (<see cref="DegradationPreference.MaintainFramerate"/>).</summary>
    HalfResolution,

    /// <summary>Half frame rate (<see cref="DegradationPreference.MaintainResolution"/>).</summary>
    HalfFramerate,
}
