using System.Text.Json.Nodes;
using TwitterSentiment.Deployment.Tests.Checks;
using TwitterSentiment.Deployment.Tests.Infrastructure;
using TwitterSentiment.Deployment.Tests.Manifests;

namespace TwitterSentiment.Deployment.Tests;

/// <summary>docker-compose.yml is valid for Debian's docker-compose 1.29.2 and agrees with Kubernetes and the Dockerfiles.</summary>
public sealed class ComposeTests
{
    [Test]
    public async Task Docker_compose_accepts_the_compose_file()
    {
        string compose = ProcessRunner.Require("docker-compose", "apt-get install -y docker-compose");

        var result = await ProcessRunner.RunAsync(compose, ["-f", RepositoryPaths.ComposeFile, "config", "-q"]);

        Assert.That(result.ExitCode, Is.Zero, result.Output);
    }

    [Test]
    public async Task Docker_compose_rejects_a_compose_file_with_a_misspelt_key()
    {
        string compose = ProcessRunner.Require("docker-compose", "apt-get install -y docker-compose");
        var directory = Directory.CreateTempSubdirectory("deploy-tests-");
        try
        {
            string broken = Path.Combine(directory.FullName, "docker-compose.yml");
            string text = await File.ReadAllTextAsync(RepositoryPaths.ComposeFile);
            await File.WriteAllTextAsync(broken, text.Replace("    healthcheck:", "    healthchek:", StringComparison.Ordinal));

            var result = await ProcessRunner.RunAsync(compose, ["-f", broken, "config", "-q"], workingDirectory: directory.FullName);

            Assert.That(result.ExitCode, Is.Not.Zero);
            Assert.That(result.Output, Does.Contain("healthchek"));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Test]
    public async Task Every_consistency_check_passes_on_the_committed_files()
    {
        var compose = DeploymentFiles.Compose();
        var k8s = await DeploymentFiles.RenderAsync(DeploymentFiles.Base, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(ComposeChecks.ImagesAgree(compose, k8s), Is.Empty, nameof(ComposeChecks.ImagesAgree));
            Assert.That(ComposeChecks.PortsAgree(compose, k8s, DeploymentFiles.Dockerfiles()), Is.Empty, nameof(ComposeChecks.PortsAgree));
            Assert.That(ComposeChecks.WebClientReachesTfServing(compose, k8s), Is.Empty, nameof(ComposeChecks.WebClientReachesTfServing));
            Assert.That(ComposeChecks.ServicesAreSupervised(compose), Is.Empty, nameof(ComposeChecks.ServicesAreSupervised));
        });
    }

    [Test]
    public async Task An_image_that_differs_between_compose_and_Kubernetes_is_caught()
    {
        var compose = DeploymentFiles.Compose();
        var k8s = await DeploymentFiles.RenderAsync(DeploymentFiles.Base, CancellationToken.None);
        ManifestSet.Containers(k8s.Get("Deployment", "tf-serving")).First()["image"] = "twittersentiment/tf-serving:7";

        var problems = ComposeChecks.ImagesAgree(compose, k8s);

        Assert.That(problems, Has.Some.Contains("Kubernetes runs twittersentiment/tf-serving:7 but docker-compose.yml service tf-serving defaults to twittersentiment/tf-serving:1"));
    }

    [Test]
    public async Task A_compose_image_with_another_name_is_caught()
    {
        var compose = DeploymentFiles.Compose();
        compose.ObjectAt("services.webclient")["image"] = "twittersentiment/web:${WEBCLIENT_TAG:-1.0.0}";
        var k8s = await DeploymentFiles.RenderAsync(DeploymentFiles.Base, CancellationToken.None);

        var problems = ComposeChecks.ImagesAgree(compose, k8s);

        Assert.That(problems, Has.Some.Contains("service webclient runs twittersentiment/web:1.0.0, not twittersentiment/webclient"));
    }

    [Test]
    public async Task A_container_port_that_differs_between_compose_Kubernetes_and_the_Dockerfile_is_caught()
    {
        var compose = DeploymentFiles.Compose();
        compose.ObjectAt("services.tf-serving")["ports"] = new JsonArray("8500:8500", "8501:9501");
        var k8s = await DeploymentFiles.RenderAsync(DeploymentFiles.Base, CancellationToken.None);
        ManifestSet.Containers(k8s.Get("Deployment", "webclient")).First().Objects("ports").First()["containerPort"] = 80;
        var dockerfiles = new Dictionary<string, Dockerfile>(StringComparer.Ordinal)
        {
            ["tf-serving"] = Dockerfile.Parse("FROM tensorflow/serving:2.19.0\nEXPOSE 8500 \\\n  8502\n"),
        };

        var problems = ComposeChecks.PortsAgree(compose, k8s, dockerfiles);

        Assert.Multiple(() =>
        {
            Assert.That(problems, Has.Some.Contains("service tf-serving publishes container ports [8500, 9501]"));
            Assert.That(problems, Has.Some.Contains("Deployment/webclient declares container ports [80]"));
            Assert.That(problems, Has.Some.Contains("The tf-serving Dockerfile exposes [8500, 8502]"));
        });
    }

    [Test]
    public async Task A_web_client_pointed_at_the_wrong_TF_Serving_address_is_caught()
    {
        var compose = DeploymentFiles.Compose();
        compose.ObjectAt("services.webclient.environment")["TfServing__BaseAddress"] = "http://localhost:8501";
        var k8s = await DeploymentFiles.RenderAsync(DeploymentFiles.Base, CancellationToken.None);
        k8s.Get("ConfigMap", "webclient").ObjectAt("data")["TfServing__BaseAddress"] = "http://tf-serving:8500";

        var problems = ComposeChecks.WebClientReachesTfServing(compose, k8s);

        Assert.Multiple(() =>
        {
            Assert.That(problems, Has.Some.Contains("webclient TfServing__BaseAddress is 'http://localhost:8501'"));
            Assert.That(problems, Has.Some.Contains("which is not TF Serving's REST port"));
        });
    }

    [Test]
    public void A_compose_service_without_health_check_restart_policy_or_ordered_start_is_caught()
    {
        var compose = DeploymentFiles.Compose();
        var webclient = compose.ObjectAt("services.webclient");
        webclient.Remove("healthcheck");
        webclient.Remove("restart");
        webclient["depends_on"] = new JsonArray("tf-serving");

        var problems = ComposeChecks.ServicesAreSupervised(compose);

        Assert.Multiple(() =>
        {
            Assert.That(problems, Has.Some.Contains("service webclient has no healthcheck"));
            Assert.That(problems, Has.Some.Contains("service webclient has no restart policy"));
            Assert.That(problems, Has.Some.Contains("does not wait for tf-serving to be healthy"));
        });
    }

    [Test]
    public void A_TF_Serving_health_check_that_passes_while_the_model_is_still_loading_is_caught()
    {
        var compose = DeploymentFiles.Compose();
        var test = compose.ObjectAt("services.tf-serving.healthcheck")["test"]?.AsArray() ?? [];
        test[^1] = test[^1]?.ToString().Replace("/v1/models/sentiment/metadata", "/v1/models/sentiment", StringComparison.Ordinal);

        var problems = ComposeChecks.ServicesAreSupervised(compose);

        Assert.That(problems, Has.Some.Contains("service tf-serving healthcheck does not request GET /v1/models/sentiment/metadata on port 8501"));
    }

    [Test]
    public void Compose_variables_resolve_to_their_defaults()
    {
        Assert.Multiple(() =>
        {
            Assert.That(ComposeChecks.Interpolate("twittersentiment/tf-serving:${MODEL_VERSION:-1}"), Is.EqualTo("twittersentiment/tf-serving:1"));
            Assert.That(ComposeChecks.Interpolate("a:${TAG-2}"), Is.EqualTo("a:2"));
            Assert.That(ComposeChecks.Interpolate("a:${TAG}"), Is.EqualTo("a:"));
        });
    }
}
