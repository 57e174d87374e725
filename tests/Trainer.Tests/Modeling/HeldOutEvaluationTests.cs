using TwitterSentiment.Contracts.Metrics;
using TwitterSentiment.Trainer.Modeling;
using TwitterSentiment.Trainer.Tracking;

namespace TwitterSentiment.Trainer.Tests.Modeling;

public sealed class HeldOutEvaluationTests
{
    [Test]
    public void Evaluate_files_are_scored_by_the_kept_weights_under_their_stem_and_tracked_as_metrics()
    {
        using var temp = new TempDirectory();
        string data = TweetCsv.Write(temp.File("tweets.csv"), rows: 300);
        string other = TweetCsv.Write(temp.File("Other Tweets.csv"), rows: 80, seed: 5);
        var options = (TinyRun.Options(temp.Path, data, "held-out") with { EvaluationPaths = [other, other] }).WithEpochs(1);

        var run = options.Execute(new RecordingObserver());
        var report = run.Training;

        Assert.That(report.HeldOut.Select(h => h.Name), Is.EqualTo(new[] { "eval_other_tweets", "eval_other_tweets_2" }));
        var (model, vocabulary) = ModelCheckpoint.Load(run.CheckpointDirectory);
        using (model)
        {
            var loaded = Trainer.Data.TweetDataReader.Read(other, new Trainer.Data.DataReadOptions(), CancellationToken.None);
            var expected = ClassificationMetrics.Compute(
                [.. loaded.Tweets.Select(t => t.Label)],
                TrainerReference.Probabilities(model, vocabulary, [.. loaded.Tweets.Select(t => t.Text)]));
            Assert.That(report.HeldOut[0].Metrics.Count, Is.EqualTo(80));
            Assert.That(report.HeldOut[0].Metrics.Accuracy, Is.EqualTo(expected.Accuracy));
            Assert.That(report.HeldOut[0].Metrics.RocAuc, Is.EqualTo(expected.RocAuc).Within(1e-9));
        }
        var metrics = TrainingRunMetrics.Final(report, 0).Select(point => point.Key).ToList();
        Assert.That(metrics, Does.Contain("eval_other_tweets_balanced_accuracy").And.Contain("eval_other_tweets_2_roc_auc"));
    }
}
