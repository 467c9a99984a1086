using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace RtcGateway.Benchmarks;

/// <summary>
/// Impairs every UDP packet inside the benchmark's own network namespace (see <c>shared/TESTBED.md</c>: this kernel has
/// no <c>netem</c>): a capacity limit with <c>htb</c> on <c>lo</c> (class 1:20, drop-tail <c>pfifo</c> bottleneck queue of
/// <see cref="QueuePackets"/> packets; TCP — HTTP, WHEP, the Playwright pipe — stays in the unlimited class 1:10), and
/// random loss with an nftables rule on the input hook (<c>numgen random mod 100 &lt; N drop</c>; on loopback the input
/// hook sees both directions, so media and RTCP feedback each lose N %). Only ever used inside a namespace this process
/// created (<see cref="ImpairedNetworkBenchmark"/> re-executes itself under <c>unshare --net</c>): nothing outside it is
/// touched. Needs root, iproute2 and nftables.
/// </summary>
internal sealed class NetworkImpairment
{
    /// <summary>Bottleneck queue length, packets (≈ 1 s at 1 Mbit/s with 1,200-byte packets, like a Wi-Fi buffer).</summary>
    public const int QueuePackets = 100;

    private const string Unlimited = "10gbit";
    private bool _lossRule;

    private NetworkImpairment()
    {
    }

    /// <summary>Current capacity of the UDP class, kbit/s; 0 = unlimited.</summary>
    public int CapacityKbps { get; private set; }

    /// <summary>Current random loss, percent each way.</summary>
    public int LossPercent { get; private set; }

    /// <summary>Moves 127.0.0.1 from <c>lo</c> onto a veth device so Chromium gathers a host candidate for it (it gathers
    /// none on an <c>IFF_LOOPBACK</c> device), installs the htb tree and the nftables table.</summary>
    public static NetworkImpairment Setup()
    {
        Run("ip", "link set lo up");
        Run("ip", "link add lo0 type veth peer name lo0p");
        Run("ip", "link set lo0p up");
        Run("ip", "link set lo0 up");
        Run("ip", "addr del 127.0.0.1/8 dev lo");
        Run("ip", "addr add 127.0.0.1/32 dev lo0");
        Run("tc", "qdisc add dev lo root handle 1: htb default 10");
        Run("tc", $"class add dev lo parent 1: classid 1:10 htb rate {Unlimited}");
        Run("tc", $"class add dev lo parent 1: classid 1:20 htb rate {Unlimited} ceil {Unlimited} burst 15k");
        Run("tc", $"qdisc add dev lo parent 1:20 handle 20: pfifo limit {QueuePackets}");
        Run("tc", "filter add dev lo parent 1: protocol ip prio 1 u32 match ip protocol 17 0xff flowid 1:20");
        Run("nft", "add table inet rtcgwbench");
        Run("nft", "add chain inet rtcgwbench in { type filter hook input priority 0 ; }");
        return new NetworkImpairment();
    }

    /// <summary>Sets the UDP capacity (kbit/s, 0 = unlimited) and the random loss (percent, 0 = none).</summary>
    public void Apply(int capacityKbps, int lossPercent)
    {
        if (capacityKbps != CapacityKbps)
        {
            string rate = capacityKbps == 0 ? Unlimited : capacityKbps.ToString(CultureInfo.InvariantCulture) + "kbit";
            Run("tc", $"class change dev lo parent 1: classid 1:20 htb rate {rate} ceil {rate} burst 15k");
            CapacityKbps = capacityKbps;
        }

        if (lossPercent != LossPercent)
        {
            if (_lossRule)
            {
                Run("nft", "flush chain inet rtcgwbench in");
                _lossRule = false;
            }

            if (lossPercent > 0)
            {
                Run("nft", $"add rule inet rtcgwbench in meta l4proto udp numgen random mod 100 < {lossPercent} drop");
                _lossRule = true;
            }

            LossPercent = lossPercent;
        }
    }

    /// <summary>Bytes and packets that left the UDP class so far, and the packets its queue dropped (tail drops).</summary>
    public static (long Bytes, long Packets, long Dropped) UdpClassCounters()
    {
        string output = Run("tc", "-s class show dev lo classid 1:20");
        Match m = Regex.Match(output, @"Sent (\d+) bytes (\d+) pkt \(dropped (\d+)");
        return m.Success
            ? (long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), long.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture),
                long.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture))
            : (0, 0, 0);
    }

    private static string Run(string program, string arguments, bool check = true)
    {
        var psi = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in SplitArguments(arguments))
        {
            psi.ArgumentList.Add(a);
        }

        Process p;
        try
        {
            p = Process.Start(psi) ?? throw new InvalidOperationException(program + " did not start");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException($"{program} not found ({ex.Message}): install iproute2 and nftables (scripts/install-deps test)", ex);
        }

        using var process = p;
        string output = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (check && p.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {arguments} failed ({p.ExitCode}): {output.Trim()} (needs root, iproute2, nftables)");
        }

        return output;
    }

    // Arguments are plain words; "{ ... ; }" of an nft chain spec is passed as separate words, which nft accepts.
    private static IEnumerable<string> SplitArguments(string arguments) =>
        arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
