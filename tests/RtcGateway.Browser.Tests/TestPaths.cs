namespace RtcGateway.Browser.Tests;

/// <summary>Locates the repository and the shared media clips (../shared/media next to the repository root).</summary>
public static class TestPaths
{
    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>../shared/media/clip next to the repository, or next to a parent of it (git worktrees live deeper).</summary>
    public static string Media(string clip)
    {
        for (DirectoryInfo? d = new DirectoryInfo(RepositoryRoot).Parent; d is not null; d = d.Parent)
        {
            string path = Path.Combine(d.FullName, "shared", "media", clip);
            if (File.Exists(path))
            {
                return path;
            }
        }

        return Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "media", clip));
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
