using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Playwright;

namespace RtcGateway.Browser.Tests;

/// <summary>
/// Finds the Chromium renderer process of one page (a process started by this test run) and stops/continues it with
/// SIGSTOP/SIGCONT: a truly stalled receiver. Chromium runs the whole WebRTC stack (ICE, DTLS, SRTP, RTCP, decoding)
/// in the renderer; its sockets live in the network service, so a stopped renderer sends no consent checks and no RTCP.
/// The renderer is identified by making the page spin its main thread and picking the renderer (<c>--type=renderer</c>
/// descendant of this process) whose CPU time grew the most.
/// </summary>
public static partial class RendererProcess
{
    private const int SigCont = 18;
    private const int SigStop = 19;

    public static async Task<int> FindAsync(IPage page)
    {
        int[] renderers = Renderers();
        // Other pages' renderers are busy too (decoding video): measure each renderer's CPU over an idle window first
        // and over an equally long window in which this page spins its main thread; the page's renderer is the one whose
        // CPU grew by far the most beyond its own background.
        Dictionary<int, long> start = renderers.ToDictionary(p => p, CpuTicks);
        await Task.Delay(1500);
        Dictionary<int, long> idle = renderers.ToDictionary(p => p, CpuTicks);
        await page.EvaluateAsync("() => { const t = performance.now(); while (performance.now() - t < 1500) {} }");
        var growth = renderers
            .Select(p => (Pid: p, Ticks: (CpuTicks(p) - idle[p]) - (idle[p] - start[p])))
            .OrderByDescending(x => x.Ticks).ToArray();
        Assert.True(growth.Length > 0 && growth[0].Ticks >= 40 && (growth.Length == 1 || growth[0].Ticks > 2 * Math.Max(growth[1].Ticks, 0)),
            "could not single out the page's renderer (CPU ticks while spinning minus while idle): "
            + string.Join(", ", growth.Select(g => $"{g.Pid}:{g.Ticks}")));
        return growth[0].Pid;
    }

    public static void Stop(int pid) => Check(kill(pid, SigStop));

    public static void Continue(int pid) => Check(kill(pid, SigCont));

    private static void Check(int rc)
    {
        if (rc != 0)
        {
            throw new InvalidOperationException("kill failed, errno " + Marshal.GetLastPInvokeError());
        }
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int sig);

    private static int[] Renderers()
    {
        var parents = new Dictionary<int, int>();
        foreach (string dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), out int pid) && Stat(pid) is { } f)
            {
                parents[pid] = int.Parse(f[1], CultureInfo.InvariantCulture);
            }
        }

        bool Descends(int pid)
        {
            for (int p = pid, hops = 0; p > 1 && hops < 32; hops++)
            {
                if (p == Environment.ProcessId)
                {
                    return true;
                }

                if (!parents.TryGetValue(p, out p))
                {
                    return false;
                }
            }

            return false;
        }

        return parents.Keys.Where(p => Descends(p) && Cmdline(p).Contains("--type=renderer", StringComparison.Ordinal)).ToArray();
    }

    /// <summary>utime + stime of a process, clock ticks (10 ms).</summary>
    public static long CpuTicksOf(int pid) => CpuTicks(pid);

    private static long CpuTicks(int pid) =>
        Stat(pid) is { } f ? long.Parse(f[11], CultureInfo.InvariantCulture) + long.Parse(f[12], CultureInfo.InvariantCulture) : 0;

    /// <summary>Fields 3… of /proc/PID/stat (after the command name).</summary>
    private static string[]? Stat(int pid)
    {
        try
        {
            string s = File.ReadAllText($"/proc/{pid}/stat");
            return s[(s.LastIndexOf(')') + 2)..].Split(' ');
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static string Cmdline(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline");
        }
        catch (IOException)
        {
            return "";
        }
    }
}
