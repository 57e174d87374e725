namespace TwitterSentiment.Deployment.Tests.Infrastructure;

/// <summary>
/// Runs the Node tools in k8s/validation (the manifest schema validator and dockerfilelint), installing their
/// pinned dependencies with `npm ci` first when node_modules is missing.
/// </summary>
internal static class NodeValidation
{
    private static readonly SemaphoreSlim InstallLock = new(1, 1);

    public static async Task<ProcessResult> ValidateManifestsAsync(string yaml, CancellationToken cancellationToken)
    {
        string node = await EnsureInstalledAsync(cancellationToken);
        return await ProcessRunner.RunAsync(
            node,
            [Path.Combine(RepositoryPaths.Validation, "validate-manifests.mjs")],
            workingDirectory: RepositoryPaths.Validation,
            standardInput: yaml,
            cancellationToken: cancellationToken);
    }

    public static async Task<ProcessResult> LintDockerfileAsync(string dockerfile, CancellationToken cancellationToken)
    {
        string node = await EnsureInstalledAsync(cancellationToken);
        string lint = Path.Combine(RepositoryPaths.Validation, "node_modules", "dockerfilelint", "bin", "dockerfilelint");
        return await ProcessRunner.RunAsync(node, [lint, dockerfile], workingDirectory: RepositoryPaths.Validation, cancellationToken: cancellationToken);
    }

    private static async Task<string> EnsureInstalledAsync(CancellationToken cancellationToken)
    {
        string node = ProcessRunner.Require("node", "Node.js 20 runs k8s/validation");
        string modules = Path.Combine(RepositoryPaths.Validation, "node_modules");
        await InstallLock.WaitAsync(cancellationToken);
        try
        {
            if (!Directory.Exists(Path.Combine(modules, "kubernetes-models")) || !Directory.Exists(Path.Combine(modules, "dockerfilelint")))
            {
                string npm = ProcessRunner.Require("npm", "npm installs k8s/validation's pinned packages");
                var install = await ProcessRunner.RunAsync(
                    npm,
                    ["ci", "--no-audit", "--no-fund", "--loglevel=error"],
                    workingDirectory: RepositoryPaths.Validation,
                    timeout: TimeSpan.FromMinutes(5),
                    cancellationToken: cancellationToken);
                Assert.That(install.ExitCode, Is.Zero, $"`npm ci` in k8s/validation failed:\n{install.Output}");
            }
        }
        finally
        {
            InstallLock.Release();
        }

        return node;
    }
}
