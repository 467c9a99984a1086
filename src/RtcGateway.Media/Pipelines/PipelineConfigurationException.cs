namespace RtcGateway.Media.Pipelines;

/// <summary>
/// Thrown by <see cref="PipelineDescriptionBuilder.Build"/> when a camera cannot be built on this machine, e.g. a required
/// element is not installed. The message names the camera id and the cause, e.g.
/// <c>camera cam1: element 'nvarguscamerasrc' is not installed (csi:0 needs it); it comes with NVIDIA's L4T package
/// nvidia-l4t-gstreamer (JetPack)</c> (<see cref="ElementPackages.InstallHint"/>).
/// </summary>
public sealed class PipelineConfigurationException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="cameraId">Camera id.</param>
    /// <param name="cause">The cause (without the camera prefix).</param>
    public PipelineConfigurationException(string cameraId, string cause)
        : base($"camera {cameraId}: {cause}")
    {
        CameraId = cameraId;
        Cause = cause;
    }

    /// <summary>Creates the exception with a complete message (no camera context).</summary>
    public PipelineConfigurationException()
        : this("?", "pipeline configuration error")
    {
    }

    /// <summary>Creates the exception with a complete message (no camera context).</summary>
    /// <param name="message">The message.</param>
    public PipelineConfigurationException(string message)
        : base(message)
    {
        CameraId = "";
        Cause = message;
    }

    /// <summary>Creates the exception with a complete message and an inner exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public PipelineConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
        CameraId = "";
        Cause = message;
    }

    /// <summary>The camera id (<c>CameraOptions.Id</c>), empty when unknown.</summary>
    public string CameraId { get; }

    /// <summary>The cause, without the camera prefix.</summary>
    public string Cause { get; }

    /// <summary>The missing element factory name when that is the cause; otherwise null.</summary>
    public string? MissingElement { get; init; }
}
