using System.Diagnostics;
using RtcGateway.Media.Pipelines;

namespace RtcGateway.Media.Tests.Pipelines;

public class ElementPackagesTests
{
    [Theory]
    [InlineData("clockoverlay", "install the Debian package gstreamer1.0-x")]
    [InlineData("x264enc", "install the Debian package gstreamer1.0-plugins-ugly")]
    [InlineData("avdec_h264", "install the Debian package gstreamer1.0-libav")]
    [InlineData("nvarguscamerasrc", "it comes with NVIDIA's L4T package nvidia-l4t-gstreamer (JetPack)")]
    [InlineData("no_such_element", "no package known for it; find it with gst-inspect-1.0 on a machine that has it")]
    public void Install_hint_names_the_package(string element, string hint) => Assert.Equal(hint, ElementPackages.InstallHint(element));

    [Fact]
    public void Map_covers_every_element_of_both_platform_registries()
    {
        string[] unknown = StaticElementRegistry.Desktop.Names.Concat(StaticElementRegistry.Jetson.Names)
            .Where(n => ElementPackages.PackageFor(n) is null).Distinct().ToArray();
        Assert.Empty(unknown);
    }

    /// <summary>The Debian packages in the map are the ones dpkg says own each element's plugin file on this machine.</summary>
    [Fact]
    public void Debian_packages_match_dpkg_on_this_machine()
    {
        var wrong = new List<string>();
        foreach (string element in ElementPackages.Elements.Where(e => ElementPackages.PackageFor(e) != ElementPackages.L4tGStreamer))
        {
            string? plugin = Run("gst-inspect-1.0", element).Split('\n')
                .Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("Filename", StringComparison.Ordinal))?.Split(' ', StringSplitOptions.RemoveEmptyEntries)[^1];
            if (plugin is null)
            {
                wrong.Add($"{element}: not installed here ({ElementPackages.InstallHint(element)})");
                continue;
            }

            // dpkg records /usr/lib/... while gst-inspect may print the /lib/... alias (merged /usr)
            string owner = Run("dpkg", "-S", plugin);
            if (owner.Length == 0 && plugin.StartsWith("/lib/", StringComparison.Ordinal))
            {
                owner = Run("dpkg", "-S", "/usr" + plugin);
            }

            string package = owner.Split(':')[0].Trim();
            if (package != ElementPackages.PackageFor(element))
            {
                wrong.Add($"{element}: map says {ElementPackages.PackageFor(element)}, dpkg says '{package}' for {plugin}");
            }
        }

        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    private static string Run(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using Process p = Process.Start(psi)!;
        string output = p.StandardOutput.ReadToEnd();
        p.StandardError.ReadToEnd();
        p.WaitForExit();
        return p.ExitCode == 0 ? output : "";
    }
}
