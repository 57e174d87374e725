namespace TwitterSentiment.Deployment.Tests.Infrastructure;

/// <summary>Locates the files under test in the repository this test assembly was built from.</summary>
internal static class RepositoryPaths
{
    public static string Root => Repository.Root;

    public static string K8s => Path.Combine(Root, "k8s");

    public static string Validation => Path.Combine(Root, "k8s", "validation");

    public static string ComposeFile => Path.Combine(Root, "docker-compose.yml");

    public static string ServingDockerfile => Path.Combine(Root, "serving", "Dockerfile");

    public static string WebClientDockerfile => Path.Combine(Root, "WebClient", "Dockerfile");

    public static string ServingConfig(string fileName) => Path.Combine(Root, "serving", "config", fileName);

    /// <summary>Every folder under k8s/ that holds a kustomization, relative to the repository root.</summary>
    public static IReadOnlyList<string> Kustomizations() =>
        Directory.EnumerateFiles(K8s, "kustomization.yaml", SearchOption.AllDirectories)
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}node_modules{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(path => Path.GetRelativePath(Root, Path.GetDirectoryName(path) ?? K8s).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToList();
}
