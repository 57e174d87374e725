namespace TwitterSentiment.Serving.Tests.Infrastructure;

/// <summary>Paths inside the repository the tests run from (found by walking up from the test binaries).</summary>
internal static class RepositoryLayout
{
    public static string Root { get; } = FindRoot();

    public static string LocalServerScript => Path.Combine(Root, "serving", "local-server");

    public static string Readme => Path.Combine(Root, "README.md");

    public static string ServingDockerfile => Path.Combine(Root, "serving", "Dockerfile");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "serving", "local-server")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No serving/local-server above {AppContext.BaseDirectory}.");
    }
}
