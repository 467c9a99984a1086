using System.Diagnostics;
using System.Globalization;

namespace RtcGateway.Benchmarks;

/// <summary>
/// A network namespace joined to this host by a veth pair, for benchmarks that must not run on loopback: the host end
/// is <see cref="HostAddress"/>/24, the namespace end <see cref="PeerAddress"/>/24. Programs started through
/// <see cref="WrapperPath"/> (<c>ip netns exec NAME PROGRAM "$@"</c>) see only the namespace's interfaces, so their
/// traffic to <see cref="HostAddress"/> crosses the veth pair (a real netdev path with its own softirq processing).
/// Needs root and iproute2; everything is removed on dispose.
/// </summary>
internal sealed class BenchNetworkNamespace : IDisposable
{
    /// <summary>The host end of the veth pair.</summary>
    public const string HostAddress = "10.201.0.1";

    /// <summary>The namespace end of the veth pair.</summary>
    public const string PeerAddress = "10.201.0.2";

    private readonly string _name;
    private readonly string _hostInterface;
    private readonly string _directory;

    private BenchNetworkNamespace(string name, string hostInterface, string directory, string wrapperPath)
    {
        _name = name;
        _hostInterface = hostInterface;
        _directory = directory;
        WrapperPath = wrapperPath;
    }

    /// <summary>An executable script that runs <c>/usr/bin/chromium</c> (or the program given to <see cref="Create"/>)
    /// inside the namespace with the caller's arguments.</summary>
    public string WrapperPath { get; }

    /// <summary>Creates the namespace, the veth pair and the wrapper script.</summary>
    /// <exception cref="PlatformNotSupportedException">Not Linux.</exception>
    /// <exception cref="InvalidOperationException">An <c>ip</c> command failed (not root, no iproute2, name in use); the
    /// message carries its output.</exception>
    public static BenchNetworkNamespace Create(string program)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("--netns needs Linux network namespaces");
        }

        string suffix = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        string name = "rtcgw-bench-" + suffix;
        string host = "rgwh" + suffix, peer = "rgwp" + suffix;
        Ip($"netns add {name}");
        try
        {
            Ip($"link add {host} type veth peer name {peer}");
            Ip($"link set {peer} netns {name}");
            Ip($"addr add {HostAddress}/24 dev {host}");
            Ip($"link set {host} up");
            Ip($"-n {name} addr add {PeerAddress}/24 dev {peer}");
            Ip($"-n {name} link set {peer} up");
            Ip($"-n {name} link set lo up");
        }
        catch
        {
            TryIp($"link del {host}");
            TryIp($"netns del {name}");
            throw;
        }

        string directory = Directory.CreateTempSubdirectory("rtcgw-netns-").FullName;
        string wrapper = Path.Combine(directory, "in-netns");
        File.WriteAllText(wrapper, $"#!/bin/sh\nexec ip netns exec {name} {program} \"$@\"\n");
        File.SetUnixFileMode(wrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return new BenchNetworkNamespace(name, host, directory, wrapper);
    }

    /// <summary>Deletes the veth pair, the namespace and the wrapper script. The pair is deleted explicitly: the kernel
    /// frees a deleted namespace (and the pair with it) only once no process is left in it.</summary>
    public void Dispose()
    {
        TryIp($"link del {_hostInterface}");
        TryIp($"netns del {_name}");
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // best effort
        }
    }

    private static void Ip(string arguments)
    {
        (int code, string output) = RunIp(arguments);
        if (code != 0)
        {
            throw new InvalidOperationException($"ip {arguments} failed ({code}): {output.Trim()} (the --netns mode needs root and iproute2)");
        }
    }

    private static void TryIp(string arguments) => RunIp(arguments);

    private static (int Code, string Output) RunIp(string arguments)
    {
        var start = new ProcessStartInfo("ip", arguments) { RedirectStandardError = true, RedirectStandardOutput = true };
        try
        {
            using Process process = Process.Start(start)!;
            string output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, output);
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return (-1, ex.Message);
        }
    }
}
