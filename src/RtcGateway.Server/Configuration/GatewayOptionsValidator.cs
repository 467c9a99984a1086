using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using RtcGateway.Media.Configuration;

namespace RtcGateway.Server.Configuration;

/// <summary>
/// Validates <c>Gateway:WebRtc</c> and <c>Gateway:Control</c> at start (registered with <c>ValidateOnStart</c>), so a bad
/// configuration stops the gateway with messages naming the key, the allowed range and the value found
/// (<c>Gateway:WebRtc:UdpPort must be 0..65535 (was 70000)</c>). The ranges are the <see cref="ConfigRangeAttribute"/>s on
/// <see cref="WebRtcOptions"/> and <see cref="Control.ControlOptions"/>, checked by the public <c>Validate</c> that the
/// <c>[OptionsValidator]</c> source generator writes; the syntax rules (BindAddress, Candidates, ForwardTo) are code here.
/// Cameras are validated per camera by <see cref="Media.Cameras.CameraOptionsValidator"/>.
/// </summary>
[OptionsValidator]
public sealed partial class GatewayOptionsValidator : IValidateOptions<GatewayOptions>
{
    // The options framework passes the options name ("" for IOptions<GatewayOptions>); the generated checks build keys
    // from it, so they run under the section name.
    ValidateOptionsResult IValidateOptions<GatewayOptions>.Validate(string? name, GatewayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = new ValidateOptionsResultBuilder();
        builder.AddResult(Validate(GatewayOptions.SectionName, options));
        WebRtcOptions webRtc = options.WebRtc;
        if (webRtc is not null)
        {
            if (!IPAddress.TryParse(webRtc.BindAddress, out IPAddress? bind) || bind.AddressFamily != AddressFamily.InterNetwork)
            {
                builder.AddError($"Gateway:WebRtc:BindAddress must be an IPv4 address (was '{webRtc.BindAddress}')");
            }

            for (int i = 0; i < webRtc.Candidates.Count; i++)
            {
                string c = webRtc.Candidates[i];
                if (string.IsNullOrWhiteSpace(c) || (!IPAddress.TryParse(c, out _) && Uri.CheckHostName(c) != UriHostNameType.Dns))
                {
                    builder.AddError(string.Create(CultureInfo.InvariantCulture,
                        $"Gateway:WebRtc:Candidates:{i} must be an IP address or a host name (was '{c}')"));
                }
            }
        }

        string? forwardTo = options.Control?.ForwardTo;
        if (!string.IsNullOrWhiteSpace(forwardTo) && !IsHostPort(forwardTo))
        {
            builder.AddError($"Gateway:Control:ForwardTo must be host:port with an IPv4 address or a host name and a port " +
                             $"1..65535 (was '{forwardTo}')");
        }

        return builder.Build();
    }

    /// <summary><c>host:port</c> with an IPv4 address or a DNS host name (not resolved here) and a port 1..65535.</summary>
    private static bool IsHostPort(string value)
    {
        int colon = value.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(value.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int port)
            || port is < 1 or > 65535)
        {
            return false;
        }

        string host = value[..colon];
        return IPAddress.TryParse(host, out IPAddress? ip)
            ? ip.AddressFamily == AddressFamily.InterNetwork
            : Uri.CheckHostName(host) == UriHostNameType.Dns;
    }
}
