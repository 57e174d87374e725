using TwitterSentiment.Trainer.Tracking;

namespace TwitterSentiment.Trainer.Tests.Tracking;

public sealed class TrackingTargetTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static Func<string, string?> Env(string? trackingUri) => key => key == "MLFLOW_TRACKING_URI" ? trackingUri : null;

    [Test]
    public void The_flag_wins_over_the_environment_variable()
    {
        var target = TrackingTarget.Resolve("http://flag:5000", Env("http://env:5000"), _temp.Path);

        Assert.That(target.ServerUri, Is.EqualTo(new Uri("http://flag:5000")));
    }

    [Test]
    public void The_environment_variable_is_used_without_a_flag()
    {
        var target = TrackingTarget.Resolve(null, Env("https://mlflow.example.com/prefix"), _temp.Path);

        Assert.That(target.ServerUri?.AbsoluteUri, Is.EqualTo("https://mlflow.example.com/prefix"));
        Assert.That(target.StorePath, Is.Null);
    }

    [Test]
    public void Without_either_the_store_is_mlruns_beside_the_solution_file_of_the_nearest_ancestor()
    {
        File.WriteAllText(Path.Combine(_temp.Path, TrackingTarget.SolutionFile), "");
        string nested = Path.Combine(_temp.Path, "Trainer", "bin");
        Directory.CreateDirectory(nested);

        var target = TrackingTarget.Resolve(null, Env(null), nested);

        Assert.That(target.StorePath, Is.EqualTo(Path.Combine(_temp.Path, "mlruns")));
    }

    [Test]
    public void Outside_a_checkout_the_default_store_is_mlruns_in_the_current_directory()
    {
        Assert.That(TrackingTarget.Resolve(null, Env(""), _temp.Path).StorePath, Is.EqualTo(Path.Combine(_temp.Path, "mlruns")));
    }

    [Test]
    public void A_file_URI_and_a_relative_path_both_become_absolute_store_paths()
    {
        string absolute = Path.Combine(_temp.Path, "elsewhere");

        Assert.Multiple(() =>
        {
            Assert.That(TrackingTarget.Resolve(new Uri(absolute).AbsoluteUri, Env(null), "/").StorePath, Is.EqualTo(absolute));
            Assert.That(TrackingTarget.Resolve("runs/here", Env(null), _temp.Path).StorePath, Is.EqualTo(Path.Combine(_temp.Path, "runs", "here")));
            Assert.That(TrackingTarget.Resolve("file:relative", Env(null), _temp.Path).StorePath, Is.EqualTo(Path.Combine(_temp.Path, "relative")));
        });
    }

    [TestCase("sqlite:///mlflow.db")]
    [TestCase("databricks")]
    [TestCase("s3://bucket/mlruns")]
    public void Unsupported_schemes_fail_with_a_clear_message(string uri)
    {
        Assert.That(() => TrackingTarget.Resolve(uri, Env(null), _temp.Path),
            Throws.InstanceOf<TrackingException>().With.Message.Contains("not supported"));
    }
}
