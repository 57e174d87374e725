using TwitterSentiment.Deployment.Tests.Infrastructure;

namespace TwitterSentiment.Deployment.Tests;

/// <summary>The hand-written YAML is yamllint-clean under the committed .yamllint (warnings count as errors).</summary>
public sealed class YamlLintTests
{
    [Test]
    public async Task The_compose_file_and_every_Kubernetes_manifest_are_yamllint_clean()
    {
        string yamllint = ProcessRunner.Require("yamllint", "apt-get install -y yamllint");

        var result = await ProcessRunner.RunAsync(yamllint, ["-s", "-c", ".yamllint", "docker-compose.yml", "k8s/", ".yamllint"]);

        Assert.That(result.ExitCode, Is.Zero, result.Output);
    }

    [Test]
    public async Task Yamllint_fails_badly_indented_yaml_under_the_same_configuration()
    {
        string yamllint = ProcessRunner.Require("yamllint", "apt-get install -y yamllint");
        string file = Path.Combine(Path.GetTempPath(), $"deploy-tests-{Guid.NewGuid():N}.yaml");
        try
        {
            await File.WriteAllTextAsync(file, "kind: Service\nmetadata:\n   name: web  \n");

            var result = await ProcessRunner.RunAsync(yamllint, ["-s", "-c", Path.Combine(RepositoryPaths.Root, ".yamllint"), file]);

            Assert.That(result.ExitCode, Is.Not.Zero);
            Assert.That(result.Output, Does.Contain("indentation").And.Contain("trailing-spaces"));
        }
        finally
        {
            File.Delete(file);
        }
    }
}
