namespace RtcGateway.Browser.Tests;

/// <summary>Locates the repository and the shared media clips (../shared/media next to the repository root).</summary>
public static class TestPaths
{
    public static string RepositoryRoot { get; } = FindRoot();

    public static string Media(string clip) => Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "media", clip));

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
