using System.Net;
using Microsoft.Extensions.Options;

namespace RtcGateway.Server.Configuration;

/// <summary>
/// Validates <c>Gateway:WebRtc</c> at start (<c>ValidateOnStart</c>): each message names the key, the allowed range and
/// the value found, so a bad config file stops the gateway with a clear message instead of failing later.
/// </summary>
public sealed class WebRtcOptionsValidator : IValidateOptions<GatewayOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, GatewayOptions options)
    {
        var errors = new List<string>();
        WebRtcOptions o = options.WebRtc;
        Range(errors, "UdpPort", o.UdpPort, 0, 65535);
        Range(errors, "AdvertisedPort", o.AdvertisedPort, 0, 65535);
        Range(errors, "ConsentTimeoutMs", o.ConsentTimeoutMs, 1000, 600_000);
        Range(errors, "ConnectTimeoutMs", o.ConnectTimeoutMs, 1000, 600_000);
        Range(errors, "DtlsHandshakeTimeoutMs", o.DtlsHandshakeTimeoutMs, 500, 120_000);
        Range(errors, "SendQueueFrames", o.SendQueueFrames, 1, 300);
        Range(errors, "MaxSessions", o.MaxSessions, 1, 10_000);
        Range(errors, "CameraStartTimeoutMs", o.CameraStartTimeoutMs, 500, 120_000);
        if (!IPAddress.TryParse(o.BindAddress, out IPAddress? bind) || bind.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork)
        {
            errors.Add($"Gateway:WebRtc:BindAddress must be an IPv4 address (was '{o.BindAddress}')");
        }

        for (int i = 0; i < o.Candidates.Count; i++)
        {
            string c = o.Candidates[i];
            if (string.IsNullOrWhiteSpace(c) || (!IPAddress.TryParse(c, out _) && Uri.CheckHostName(c) != UriHostNameType.Dns))
            {
                errors.Add($"Gateway:WebRtc:Candidates:{i} must be an IP address or a host name (was '{c}')");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Range(List<string> errors, string key, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            errors.Add($"Gateway:WebRtc:{key} must be {min}..{max} (was {value})");
        }
    }
}
