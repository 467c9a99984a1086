namespace RtcGateway.Browser.Tests;

/// <summary>
/// Locates the repository and the shared media clips: <c>../shared/media</c> next to the repository root, or next to
/// any directory above it (git worktrees live deeper than the main checkout), or <c>$RTCGW_MEDIA_DIR</c>.
/// </summary>
public static class TestPaths
{
    public static string RepositoryRoot { get; } = FindRoot();

    public static string MediaDirectory { get; } = FindMedia();

    /// <summary>Full path of a clip; throws when it is missing (a test on a missing clip would only time out).</summary>
    public static string Media(string clip)
    {
        string path = Path.Combine(MediaDirectory, clip);
        return File.Exists(path) ? path : throw new FileNotFoundException($"media clip missing: {path}", path);
    }

    /// <summary>The *.mp4 clips of the media directory, sorted by name.</summary>
    public static IReadOnlyList<string> Clips() =>
        Directory.GetFiles(MediaDirectory, "*.mp4").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList()!;

    private static string FindMedia()
    {
        if (Environment.GetEnvironmentVariable("RTCGW_MEDIA_DIR") is { Length: > 0 } env)
        {
            return Path.GetFullPath(env);
        }

        for (DirectoryInfo? dir = new DirectoryInfo(RepositoryRoot).Parent; dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "shared", "media");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException($"shared/media not found above {RepositoryRoot} (set RTCGW_MEDIA_DIR)");
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "RtcGateway.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("RtcGateway.sln not found above " + AppContext.BaseDirectory);
    }
}
