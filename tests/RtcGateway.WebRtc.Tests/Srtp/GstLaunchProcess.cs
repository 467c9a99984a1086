using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace RtcGateway.WebRtc.Tests.Srtp;

/// <summary>
/// Runs one <c>gst-launch-1.0</c> pipeline (GStreamer's srtpenc/srtpdec wrap libsrtp, an independent SRTP
/// implementation) and kills exactly that process on dispose.
/// </summary>
internal sealed class GstLaunchProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stderr = new();

    public GstLaunchProcess(IEnumerable<string> pipeline)
    {
        var start = new ProcessStartInfo("gst-launch-1.0")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-q");
        foreach (string token in pipeline)
        {
            start.ArgumentList.Add(token);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("gst-launch-1.0 did not start");
        _process.ErrorDataReceived += (_, e) => { lock (_stderr) { _stderr.AppendLine(e.Data); } };
        _process.OutputDataReceived += (_, e) => { lock (_stderr) { _stderr.AppendLine(e.Data); } };
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
    }

    public string Diagnostics
    {
        get
        {
            lock (_stderr)
            {
                return $"exited={_process.HasExited} stderr/stdout: {_stderr}";
            }
        }
    }

    /// <summary>A UDP port that was free a moment ago (for the pipeline's udpsrc).</summary>
    public static int FreeUdpPort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // already gone
        }

        _process.Dispose();
    }
}
