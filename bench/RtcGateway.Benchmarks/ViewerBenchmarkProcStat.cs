using System.Globalization;

namespace RtcGateway.Benchmarks;

/// <summary>
/// Linux /proc readers for the viewers benchmark (proc(5)): a process's CPU time (utime + stime, fields 14–15 of
/// <c>/proc/PID/stat</c>, in clock ticks of <c>sysconf(_SC_CLK_TCK)</c> = 100 Hz on Linux), its resident set
/// (<c>VmRSS</c> of <c>/proc/PID/status</c>, kB), its descendants, and the machine's busy time (<c>/proc/stat</c> cpu line).
/// </summary>
public static class ViewerBenchmarkProcStat
{
    /// <summary>USER_HZ; the kernel ABI fixes it at 100 on every architecture Linux exports to user space.</summary>
    private const double TicksPerSecond = 100;

    /// <summary>CPU time of a process (all threads) in ms, or null if it is gone.</summary>
    public static double? CpuMs(int pid)
    {
        string? stat = Read($"/proc/{pid}/stat");
        if (stat is null)
        {
            return null;
        }

        // comm (field 2) may contain spaces: fields resume after the last ')'.
        string[] f = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // f[0] is field 3 (state), so utime (14) = f[11], stime (15) = f[12].
        return (long.Parse(f[11], CultureInfo.InvariantCulture) + long.Parse(f[12], CultureInfo.InvariantCulture)) * 1000 / TicksPerSecond;
    }

    /// <summary>Resident set size in MiB, or null if the process is gone.</summary>
    public static double? RssMiB(int pid)
    {
        string? status = Read($"/proc/{pid}/status");
        string? line = status?.Split('\n').FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return line is null ? null : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
    }

    /// <summary>All descendants of <paramref name="root"/> (children, grandchildren…), by parent pid (field 4 of stat).</summary>
    public static List<int> Descendants(int root)
    {
        var parents = new Dictionary<int, int>();
        foreach (string dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), out int pid) && Read($"/proc/{pid}/stat") is { } stat)
            {
                string[] f = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                parents[pid] = int.Parse(f[1], CultureInfo.InvariantCulture);
            }
        }

        var result = new List<int>();
        var frontier = new Queue<int>([root]);
        while (frontier.Count > 0)
        {
            int p = frontier.Dequeue();
            foreach (var (child, parent) in parents)
            {
                if (parent == p)
                {
                    result.Add(child);
                    frontier.Enqueue(child);
                }
            }
        }

        return result;
    }

    /// <summary>CPU ms of each listed process (missing ones skipped).</summary>
    public static Dictionary<int, double> CpuMsOf(IEnumerable<int> pids)
    {
        var d = new Dictionary<int, double>();
        foreach (int pid in pids)
        {
            if (CpuMs(pid) is { } ms)
            {
                d[pid] = ms;
            }
        }

        return d;
    }

    /// <summary>Sum of CPU ms spent between two snapshots by processes present in both.</summary>
    public static double Delta(Dictionary<int, double> before, Dictionary<int, double> after) =>
        after.Where(kv => before.ContainsKey(kv.Key)).Sum(kv => kv.Value - before[kv.Key]);

    /// <summary>Machine-wide (busy, total) jiffies from the first line of /proc/stat (idle + iowait are not busy).</summary>
    public static (long Busy, long Total) MachineJiffies()
    {
        string line = (Read("/proc/stat") ?? "cpu 0").Split('\n')[0];
        long[] v = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(x => long.Parse(x, CultureInfo.InvariantCulture)).ToArray();
        long total = v.Take(8).Sum(); // user nice system idle iowait irq softirq steal (guest is inside user)
        long idle = v.Length > 4 ? v[3] + v[4] : 0;
        return (total - idle, total);
    }

    private static string? Read(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
