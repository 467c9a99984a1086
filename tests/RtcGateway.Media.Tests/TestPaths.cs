namespace RtcGateway.Media.Tests;

internal static class TestPaths
{
    /// <summary>The repository root: the first ancestor of the test binaries that holds RtcGateway.sln.</summary>
    public static string RepoRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "RtcGateway.sln")))
                {
                    return dir.FullName;
                }
            }

            throw new InvalidOperationException("RtcGateway.sln not found above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>shared/media next to the repository (../shared/media), or /work/shared/media as a fallback for worktrees.</summary>
    public static string SharedMedia
    {
        get
        {
            string p = Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "media"));
            if (Directory.Exists(p))
            {
                return p;
            }

            string alt = Path.GetFullPath(Path.Combine(RepoRoot, "..", "..", "shared", "media"));
            return Directory.Exists(alt) ? alt : p;
        }
    }

    public static string Clip(string name) => Path.Combine(SharedMedia, name);
}
