namespace RtcGateway.Media.Gst;

/// <summary>
/// A GStreamer call failed: <c>gst_parse_launch</c> reported a GError (syntax, no such element, no such property), or a
/// named element is missing from a pipeline. <see cref="Exception.Message"/> carries the GError message.
/// </summary>
public sealed class GstException : Exception
{
    /// <summary>Creates the exception with the GError domain (e.g. <c>gst_parse_error</c>) and code, or empty/0.</summary>
    public GstException(string message, string domain = "", int code = 0) : base(message)
    {
        Domain = domain;
        Code = code;
    }

    /// <summary>The GError domain name (a GQuark string such as <c>gst_parse_error</c>), or empty.</summary>
    public string Domain { get; }

    /// <summary>The GError code within <see cref="Domain"/> (e.g. GST_PARSE_ERROR_NO_SUCH_ELEMENT = 1), or 0.</summary>
    public int Code { get; }
}
