using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using RtcGateway.Server.Configuration;

namespace RtcGateway.Server.Transport;

/// <summary>
/// The host candidates (RFC 8445 §5.1.1.1) announced in every answer: the configured
/// <c>Gateway:WebRtc:Candidates</c> (IP addresses or host names resolved at start, like Janus <c>nat_1_1_mapping</c>),
/// or, when that list is empty, the IPv4 addresses of the machine's interfaces that are up (loopback included), all on
/// the transport's UDP port.
/// </summary>
public sealed partial class HostCandidateProvider
{
    private readonly WebRtcOptions _options;
    private readonly ILogger<HostCandidateProvider> _logger;
    private IReadOnlyList<IPAddress>? _addresses;

    /// <summary>Creates the provider.</summary>
    public HostCandidateProvider(IOptions<GatewayOptions> options, ILogger<HostCandidateProvider> logger)
    {
        _options = options.Value.WebRtc;
        _logger = logger;
    }

    /// <summary>The candidate addresses (resolved once, then cached); never empty (falls back to 127.0.0.1).</summary>
    public IReadOnlyList<IPAddress> Addresses => _addresses ??= Resolve();

    /// <summary>Resolves configured names or lists interface addresses. Unresolvable names are logged and skipped.</summary>
    private IReadOnlyList<IPAddress> Resolve()
    {
        var result = new List<IPAddress>();
        if (_options.Candidates.Count > 0)
        {
            foreach (string entry in _options.Candidates)
            {
                if (IPAddress.TryParse(entry, out IPAddress? ip))
                {
                    result.Add(ip);
                    continue;
                }

                try
                {
                    result.AddRange(Dns.GetHostAddresses(entry).Where(a => a.AddressFamily == AddressFamily.InterNetwork));
                }
                catch (SocketException ex)
                {
                    LogUnresolvable(_logger, entry, ex.Message);
                }
            }
        }
        else
        {
            foreach (NetworkInterface nic in NetworkInterface.GetAllNetworkInterfaces())
            {
                if (nic.OperationalStatus is not (OperationalStatus.Up or OperationalStatus.Unknown))
                {
                    continue;
                }

                foreach (UnicastIPAddressInformation u in nic.GetIPProperties().UnicastAddresses)
                {
                    if (u.Address.AddressFamily == AddressFamily.InterNetwork)
                    {
                        result.Add(u.Address);
                    }
                }
            }

            // Non-loopback first: a remote browser tries candidates in priority order.
            result.Sort((a, b) => IPAddress.IsLoopback(a).CompareTo(IPAddress.IsLoopback(b)));
        }

        if (result.Count == 0)
        {
            result.Add(IPAddress.Loopback);
        }

        LogCandidates(_logger, string.Join(", ", result));
        return result.Distinct().ToList();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Gateway:WebRtc:Candidates entry '{Entry}' could not be resolved: {Reason}")]
    private static partial void LogUnresolvable(ILogger logger, string entry, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "WebRTC host candidate addresses: {Addresses}")]
    private static partial void LogCandidates(ILogger logger, string addresses);
}
