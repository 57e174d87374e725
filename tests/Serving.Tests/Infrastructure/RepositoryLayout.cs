namespace TwitterSentiment.Serving.Tests.Infrastructure;

/// <summary>Paths inside the repository the tests run from (found by walking up from the test binaries).</summary>
internal static class RepositoryLayout
{
    public static string Root => TestRepository.Root;

    public static string LocalServerScript => Path.Combine(Root, "serving", "local-server");

    public static string Readme => Path.Combine(Root, "README.md");

    public static string ServingDockerfile => Path.Combine(Root, "serving", "Dockerfile");
}
