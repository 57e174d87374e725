using System.Globalization;
using System.Text.RegularExpressions;
using TwitterSentiment.Deployment.Tests.Infrastructure;
using TwitterSentiment.Deployment.Tests.Manifests;

namespace TwitterSentiment.Deployment.Tests;

/// <summary>The TF Serving configuration files say what the README, the Dockerfile and Kubernetes rely on.</summary>
public sealed partial class ServingConfigTests
{
    [Test]
    public void The_model_config_serves_sentiment_from_models_sentiment_with_a_stable_label_on_the_baked_version()
    {
        string text = File.ReadAllText(RepositoryPaths.ServingConfig("models.config"));

        Assert.Multiple(() =>
        {
            Assert.That(text, Does.Match("""name:\s*"sentiment" """.TrimEnd()));
            Assert.That(text, Does.Match("""base_path:\s*"/models/sentiment" """.TrimEnd()));
            Assert.That(text, Does.Match("""model_platform:\s*"tensorflow" """.TrimEnd()));
            // The label must point at a loaded version, so policy and label both name the version the image bakes in.
            Assert.That(text, Does.Match(@"specific\s*\{\s*versions:\s*@MODEL_VERSION@\s*\}"));
            Assert.That(text, Does.Match("""version_labels\s*\{\s*key:\s*"stable"\s*value:\s*@MODEL_VERSION@\s*\}"""));
        });
        Assert.That(File.ReadAllText(RepositoryPaths.ServingDockerfile), Does.Contain("s/@MODEL_VERSION@/${MODEL_VERSION}/g"));
    }

    [Test]
    public async Task The_batching_parameters_fit_the_TF_Serving_pod()
    {
        var batching = BatchingParameters(File.ReadAllText(RepositoryPaths.ServingConfig("batching.config")));
        var set = await DeploymentFiles.RenderAsync(DeploymentFiles.Base, CancellationToken.None);
        string? cpu = ManifestSet.Containers(set.Get("Deployment", "tf-serving")).First().Scalar("resources.limits.cpu");

        Assert.Multiple(() =>
        {
            Assert.That(batching["max_execution_batch_size"], Is.LessThanOrEqualTo(batching["max_batch_size"]));
            Assert.That(batching["batch_timeout_micros"], Is.InRange(0, 10_000), "Waiting longer than 10 ms would dominate a one-tweet request.");
            Assert.That(batching["max_enqueued_batches"], Is.GreaterThan(0));
            Assert.That(batching["num_batch_threads"].ToString(CultureInfo.InvariantCulture), Is.EqualTo(cpu), "One batch thread per CPU of the pod.");
        });
    }

    [Test]
    public void Prometheus_metrics_are_enabled_on_the_path_Kubernetes_scrapes()
    {
        string text = File.ReadAllText(RepositoryPaths.ServingConfig("monitoring.config"));

        Assert.That(text, Does.Match(@"prometheus_config\s*\{\s*enable:\s*true"));
        Assert.That(DeploymentFiles.MetricsPath(), Is.EqualTo("/monitoring/prometheus/metrics"));
    }

    [TestCase("models.config", "tensorflow.serving.ModelServerConfig")]
    [TestCase("monitoring.config", "tensorflow.serving.MonitoringConfig")]
    [TestCase("batching.config", "tensorflow.serving.BatchingParameters")]
    public async Task Every_serving_config_file_parses_against_the_TF_Serving_schema(string file, string messageType)
    {
        // As the image has it: serving/Dockerfile fills in the baked version.
        string text = File.ReadAllText(RepositoryPaths.ServingConfig(file)).Replace("@MODEL_VERSION@", "1", StringComparison.Ordinal);

        var result = await Protoc.EncodeAsync(messageType, text, CancellationToken.None);

        Assert.That(result.ExitCode, Is.Zero, result.StandardError);
    }

    [Test]
    public async Task The_model_config_is_not_valid_until_the_Dockerfile_fills_in_the_version()
    {
        string text = File.ReadAllText(RepositoryPaths.ServingConfig("models.config"));

        var result = await Protoc.EncodeAsync("tensorflow.serving.ModelServerConfig", text, CancellationToken.None);

        Assert.That(result.ExitCode, Is.Not.Zero);
    }

    [TestCase("max_batch_sizes { value: 128 }", "has no field named \"max_batch_sizes\"")]
    [TestCase("max_batch_size: 128", "Expected \"{\"")]
    public async Task A_batching_parameter_TF_Serving_would_refuse_is_caught(string line, string expected)
    {
        var result = await Protoc.EncodeAsync("tensorflow.serving.BatchingParameters", line, CancellationToken.None);

        Assert.That(result.ExitCode, Is.Not.Zero);
        Assert.That(result.StandardError, Does.Contain(expected));
    }

    private static Dictionary<string, long> BatchingParameters(string text) =>
        WrapperFieldRegex().Matches(text).ToDictionary(
            m => m.Groups["name"].Value,
            m => long.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture),
            StringComparer.Ordinal);

    [GeneratedRegex(@"^(?<name>\w+)\s*\{\s*value:\s*(?<value>\d+)\s*\}", RegexOptions.Multiline)]
    private static partial Regex WrapperFieldRegex();
}
