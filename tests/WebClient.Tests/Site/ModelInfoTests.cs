using TwitterSentiment.WebClient.Tests.Fakes;

namespace TwitterSentiment.WebClient.Tests.Site;

public sealed class ModelInfoTests : SiteTestBase
{
    [Test]
    public async Task The_model_page_shows_what_the_export_says_about_its_training(CancellationToken cancellationToken)
    {
        using var site = StartSite();
        TfServing.ModelInfoJson = """
            { "run": "lstm-20261203-070000", "trained_at": "2026-12-03T07:00:00Z",
              "data": { "description": "Sentiment140 sample", "tweets": 100000 },
              "test": { "accuracy": 0.7712, "f1": 0.77, "roc_auc": 0.85 } }
            """;

        string html = SiteClient.Text(await site.GetPageAsync("/Model", cancellationToken));

        Assert.That(html, Does.Contain("data-state=\"shown\""));
        Assert.That(html, Does.Contain("<dt>Run</dt><dd>lstm-20261203-070000</dd>"));
        Assert.That(html, Does.Contain("<dt>Tweets</dt><dd>100,000</dd>"));
        Assert.That(html, Does.Contain("<h3>Test</h3>"));
        Assert.That(html, Does.Contain("<dt>Accuracy</dt><dd>0.7712</dd>"));
        Assert.That(html, Does.Contain("<dt>ROC AUC</dt><dd>0.85</dd>"));
    }

    [Test]
    public async Task The_model_page_names_the_MLflow_run_the_export_was_recorded_in(CancellationToken cancellationToken)
    {
        using var site = StartSite();
        TfServing.ModelInfoJson = """
            { "run": "lstm-20261203-070000", "mlflow_run_id": "0f6a8c2e9b7d4f1aa1b2c3d4e5f60718", "source": "training" }
            """;

        string html = SiteClient.Text(await site.GetPageAsync("/Model", cancellationToken));

        string text = SiteClient.Visible(html);
        Assert.That(text, Does.Contain("MLflow run ID 0f6a8c2e9b7d4f1aa1b2c3d4e5f60718"));
        Assert.That(text, Does.Contain("Recorded in MLflow as run 0f6a8c2e9b7d4f1aa1b2c3d4e5f60718"));
        Assert.That(html, Does.Contain("<button type=\"button\" class=\"copy-button\" data-copy=\"0f6a8c2e9b7d4f1aa1b2c3d4e5f60718\" aria-label=\"Copy MLflow run ID\" hidden>"));
        Assert.That(text, Does.Contain("mlflow runs describe --run-id 0f6a8c2e9b7d4f1aa1b2c3d4e5f60718"));
    }

    [TestCase("file:///srv/train/mlruns", "MLFLOW_ALLOW_FILE_STORE=true MLFLOW_TRACKING_URI=file:///srv/train/mlruns mlflow runs describe --run-id 0f6a8c2e9b7d4f1aa1b2c3d4e5f60718")]
    [TestCase("file:///srv/my%20runs/mlruns", "MLFLOW_ALLOW_FILE_STORE=true MLFLOW_TRACKING_URI=file:///srv/my%20runs/mlruns mlflow runs describe --run-id 0f6a8c2e9b7d4f1aa1b2c3d4e5f60718")]
    [TestCase("http://mlflow.example:5000", "MLFLOW_TRACKING_URI=http://mlflow.example:5000 mlflow runs describe --run-id 0f6a8c2e9b7d4f1aa1b2c3d4e5f60718")]
    public async Task The_MLflow_command_names_the_tracking_location_the_export_records(string trackingUri, string command, CancellationToken cancellationToken)
    {
        using var site = StartSite();
        TfServing.ModelInfoJson = $$"""{ "run": "lstm-1", "mlflow_run_id": "0f6a8c2e9b7d4f1aa1b2c3d4e5f60718", "mlflow_tracking_uri": "{{trackingUri}}", "mlflow_experiment_id": "3" }""";

        string html = await site.GetPageAsync("/Model", cancellationToken);

        Assert.That(SiteClient.Visible(html), Does.Contain(command));
        Assert.That(html.Contains("data-testid=\"mlflow-link\"", StringComparison.Ordinal), Is.EqualTo(trackingUri.StartsWith("http", StringComparison.Ordinal)));
        if (trackingUri.StartsWith("http", StringComparison.Ordinal))
        {
            Assert.That(html, Does.Contain("href=\"http://mlflow.example:5000/#/experiments/3/runs/0f6a8c2e9b7d4f1aa1b2c3d4e5f60718\""), "MLflow UI's own route to a run");
        }
    }

    [Test]
    public void A_tracking_location_with_shell_characters_is_quoted_in_the_command()
    {
        var run = new TwitterSentiment.WebClient.Analysis.MlflowRun("abc", "/home/me/it's here/mlruns", null);

        Assert.That(run.Command, Is.EqualTo("MLFLOW_ALLOW_FILE_STORE=true MLFLOW_TRACKING_URI='/home/me/it'\\''s here/mlruns' mlflow runs describe --run-id abc"));
    }

    [Test]
    public async Task An_export_without_an_MLflow_run_id_says_it_names_none(CancellationToken cancellationToken)
    {
        using var site = StartSite();
        TfServing.ModelInfoJson = """{ "run": "lstm-20261203-070000", "source": "training" }""";

        string html = SiteClient.Text(await site.GetPageAsync("/Model", cancellationToken));

        Assert.That(html, Does.Contain("data-state=\"shown\""));
        Assert.That(html, Does.Contain("This export names no MLflow run"));
        Assert.That(html, Does.Not.Contain("MLflow run ID"));
    }

    [Test]
    public async Task An_export_without_model_info_says_it_is_not_recorded_and_shows_the_rest(CancellationToken cancellationToken)
    {
        using var site = StartSite();
        TfServing.ModelInfoJson = null;

        string html = await site.GetPageAsync("/Model", cancellationToken);

        Assert.That(html, Does.Contain("data-state=\"absent\""));
        Assert.That(html, Does.Contain("Not recorded in this export"));
        Assert.That(html, Does.Contain("data-testid=\"signature-serving_default\""));
    }

    [Test]
    public async Task Model_info_that_is_not_an_object_is_reported_not_thrown(CancellationToken cancellationToken)
    {
        using var site = StartSite();
        TfServing.ModelInfoJson = "not json";

        string html = await site.GetPageAsync("/Model", cancellationToken);

        Assert.That(html, Does.Contain("data-state=\"unreadable\""));
    }
}
