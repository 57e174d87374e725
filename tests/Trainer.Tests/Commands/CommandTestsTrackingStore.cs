namespace TwitterSentiment.Trainer.Tests.Commands;

/// <summary>
/// The train command records every run in MLflow; without this, command tests would write their runs into the
/// repository's mlruns/. Points MLFLOW_TRACKING_URI at a temporary store for the tests in this namespace.
/// </summary>
[SetUpFixture]
public sealed class CommandTestsTrackingStore
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "ts-tests-mlruns-" + Guid.NewGuid().ToString("N"));
    private string? _previous;

    [OneTimeSetUp]
    public void PointTrackingAtATemporaryStore()
    {
        _previous = Environment.GetEnvironmentVariable("MLFLOW_TRACKING_URI");
        Environment.SetEnvironmentVariable("MLFLOW_TRACKING_URI", Path.Combine(_root, "mlruns"));
    }

    [OneTimeTearDown]
    public void RestoreTracking()
    {
        Environment.SetEnvironmentVariable("MLFLOW_TRACKING_URI", _previous);
        if (Directory.Exists(_root))
            Directory.Delete(_root, recursive: true);
    }
}
