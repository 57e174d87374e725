using System.Collections.Concurrent;

namespace TwitterSentiment.Deployment.Tests.Infrastructure;

/// <summary>Renders kustomizations with `kubectl kustomize`, which needs no cluster.</summary>
internal static class Kustomize
{
    private static readonly ConcurrentDictionary<string, Lazy<Task<ProcessResult>>> Cache = new(StringComparer.Ordinal);

    /// <summary>The rendered multi-document YAML of a kustomization folder (relative to the repository root).</summary>
    public static async Task<string> RenderAsync(string kustomization, CancellationToken cancellationToken)
    {
        string kubectl = ProcessRunner.Require("kubectl", "kubectl ships kustomize; install kubectl to render k8s/");
        string directory = Path.IsPathRooted(kustomization) ? kustomization : Path.Combine(RepositoryPaths.Root, kustomization);

        // The committed kustomizations are rendered once per test run; temp ones are never cached.
        var result = directory.StartsWith(RepositoryPaths.K8s, StringComparison.Ordinal)
            ? await Cache.GetOrAdd(directory, d => new Lazy<Task<ProcessResult>>(
                () => ProcessRunner.RunAsync(kubectl, ["kustomize", d]))).Value.WaitAsync(cancellationToken)
            : await ProcessRunner.RunAsync(kubectl, ["kustomize", directory], cancellationToken: cancellationToken);
        if (result.ExitCode != 0)
        {
            throw new KustomizeException($"kubectl kustomize {kustomization} failed: {result.StandardError.Trim()}");
        }

        return result.StandardOutput;
    }
}
