using System.Diagnostics;

namespace RtcGateway.Media.Tests.Pipelines;

/// <summary>Runs gst-launch-1.0 (present on the build machine) with a description, one argv entry per token.</summary>
internal static class GstLaunch
{
    public sealed record Result(int ExitCode, string Output, bool TimedOut);

    public static bool Available => File.Exists("/usr/bin/gst-launch-1.0");

    /// <summary>Runs until EOS, or — when <paramref name="interruptAfter"/> is given — sends SIGINT (gst-launch -e turns it into
    /// EOS) after that long via coreutils timeout --preserve-status, so a clean shutdown exits 0.</summary>
    public static Result Run(string description, TimeSpan? interruptAfter = null, TimeSpan? hardLimit = null)
    {
        RequireInstalledElements(description);
        var psi = new ProcessStartInfo { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (interruptAfter is { } after)
        {
            psi.FileName = "timeout";
            psi.ArgumentList.Add("--preserve-status");
            psi.ArgumentList.Add("--foreground"); // signal only gst-launch, once (not the whole process group twice)
            psi.ArgumentList.Add("-s");
            psi.ArgumentList.Add("INT");
            psi.ArgumentList.Add(after.TotalSeconds.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture));
            psi.ArgumentList.Add("gst-launch-1.0");
        }
        else
        {
            psi.FileName = "gst-launch-1.0";
        }

        psi.ArgumentList.Add("-e");
        foreach (string token in LaunchDescription.Tokenize(description))
        {
            psi.ArgumentList.Add(token);
        }

        using var p = Process.Start(psi)!;
        Task<string> stdout = p.StandardOutput.ReadToEndAsync();
        Task<string> stderr = p.StandardError.ReadToEndAsync();
        bool exited = p.WaitForExit(hardLimit ?? TimeSpan.FromSeconds(30));
        if (!exited)
        {
            p.Kill(entireProcessTree: true);
            p.WaitForExit();
        }

        return new Result(exited ? p.ExitCode : -1, stdout.Result + stderr.Result, !exited);
    }

    /// <summary>
    /// Fails the test before running gst-launch-1.0 when an element of <paramref name="description"/> is not installed,
    /// naming the package that brings it (a fresh machine lacked gstreamer1.0-x: clockoverlay, timeoverlay).
    /// </summary>
    public static void RequireInstalledElements(string description)
    {
        var registry = new Media.Gst.GstElementRegistry();
        string[] missing = LaunchDescription.Parse(description).AllNodes.Select(n => n.Factory)
            .Where(f => f != "caps").Distinct().Where(f => !registry.HasElement(f))
            .Select(f => $"{f}: {Media.Pipelines.ElementPackages.InstallHint(f)}").ToArray();
        Assert.True(missing.Length == 0, "GStreamer elements missing on this machine (scripts/install-deps test installs them):\n"
            + string.Join("\n", missing));
    }

    /// <summary>
    /// Turns a gateway description into a runnable one: appsinks become filesink (h264sink → <paramref name="h264File"/>,
    /// jpegsink → <paramref name="jpegFile"/>, multifilesink semantics not needed) or fakesink; the JPEG valve is opened
    /// when <paramref name="openJpegValve"/>; <paramref name="numBuffers"/> is set on videotestsrc.
    /// </summary>
    public static string MakeRunnable(string description, string? h264File, string? jpegFile, bool openJpegValve, int? numBuffers)
    {
        LaunchDescription d = LaunchDescription.Parse(description);
        foreach (LaunchNode n in d.AllNodes)
        {
            if (n.Factory == "appsink")
            {
                string? file = n["name"] == "h264sink" ? h264File : jpegFile;
                n.Factory = file is null ? "fakesink" : "filesink";
                n.Remove("emit-signals");
                n.Remove("max-buffers");
                n.Remove("drop");
                if (file is not null)
                {
                    n.Set("location", Media.Pipelines.GstLaunchSyntax.QuoteValue(file));
                }
            }
            else if (n.Factory == "valve" && openJpegValve)
            {
                n.Set("drop", "false");
            }
            else if (n.Factory == "videotestsrc" && numBuffers is { } count)
            {
                n.Set("num-buffers", count.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return d.ToString();
    }
}
