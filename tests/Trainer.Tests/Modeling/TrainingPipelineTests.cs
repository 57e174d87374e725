using System.Text;
using TwitterSentiment.Trainer.Data;
using TwitterSentiment.Trainer.Modeling;

namespace TwitterSentiment.Trainer.Tests.Modeling;

public sealed class TrainingPipelineTests
{
    private static TrainingRunOptions TinyRun(TempDirectory temp, string data) => Tests.TinyRun.Options(temp.Path, data, "tiny");

    [Test]
    public void A_run_reports_its_data_split_history_metrics_and_checkpoint()
    {
        using var temp = new TempDirectory();
        string data = TweetCsv.Write(temp.File("tweets.csv"), rows: 500);
        var observer = new RecordingObserver();

        var run = TinyRun(temp, data).Execute(observer);
        var report = run.Training;

        Assert.Multiple(() =>
        {
            Assert.That(observer.Events[0], Is.EqualTo("data"));
            Assert.That(observer.Events[1], Is.EqualTo("started"));
            Assert.That(observer.Events[^1], Is.EqualTo("completed"));
            Assert.That(observer.Report, Is.SameAs(report));
            Assert.That(report.Data.Tweets, Is.EqualTo(500));
            Assert.That(report.Data.Sha256, Has.Length.EqualTo(64));
            Assert.That(report.Split.Train + report.Split.Validation + report.Split.Test, Is.EqualTo(500));
            Assert.That(report.Split.Validation, Is.EqualTo(50).Within(1));
            Assert.That(report.History, Has.Count.InRange(1, 3));
            Assert.That(report.BestEpoch, Is.InRange(1, report.History.Count));
            Assert.That(report.Test.Count, Is.EqualTo(report.Split.Test));
            Assert.That(report.TestLabels, Has.Count.EqualTo(report.Split.Test));
            Assert.That(report.TestProbabilities, Has.Count.EqualTo(report.Split.Test));
            Assert.That(report.Test.Accuracy, Is.GreaterThanOrEqualTo(0.9), "the words carry the label");
            Assert.That(run.CheckpointDirectory, Is.EqualTo(Path.Combine(temp.File("checkpoints"), "tiny")));
        });
    }

    [Test]
    public void The_training_step_writes_nothing_and_hands_over_the_kept_weights_the_run_then_saves()
    {
        using var temp = new TempDirectory();
        string data = TweetCsv.Write(temp.File("tweets.csv"), rows: 300);
        var options = TinyRun(temp, data).WithEpochs(1);

        using var trained = new TrainingPipeline(new RecordingObserver()).Train(options, CancellationToken.None);

        Assert.That(Directory.Exists(temp.File("checkpoints")), Is.False, "the checkpoint is the run's next step");
        Assert.That(Directory.Exists(temp.File("models")), Is.False, "and so is the export");
        Assert.That(trained.Vocabulary.Count, Is.EqualTo(trained.Report.Model.VocabularySize));
        var loaded = TweetDataReader.Read(data, new DataReadOptions(), CancellationToken.None);
        var test = StratifiedSplitter.Split(loaded.Tweets, options.ValidationSplit, options.TestSplit, options.Loop.Seed).Test;
        var tokens = DatasetEncoder.Tokenize([.. test.Select(t => t.Text)], CancellationToken.None);
        using var encoded = DatasetEncoder.Encode(tokens, [.. test.Select(t => t.Label)], trained.Vocabulary, options.Model.SequenceLength);
        Assert.That(trained.Model.PredictProbabilities(encoded.Ids), Is.EqualTo(trained.Report.TestProbabilities).Within(1e-6f), "the handed-over weights are the evaluated ones");
    }

    [Test]
    public void Reading_a_data_file_reports_progress_up_to_its_size()
    {
        using var temp = new TempDirectory();
        string data = TweetCsv.Write(temp.File("tweets.csv"), rows: 300);
        long size = new FileInfo(data).Length;
        var observer = new RecordingObserver();

        using var trained = new TrainingPipeline(observer).Train(TinyRun(temp, data).WithEpochs(1), CancellationToken.None);

        Assert.That(observer.ReadProgress, Is.Not.Empty);
        Assert.That(observer.ReadProgress.Select(p => p.TotalBytes), Has.All.EqualTo(size));
        Assert.That(observer.ReadProgress.Select(p => p.BytesRead), Is.Ordered);
        Assert.That(observer.ReadProgress[^1].BytesRead, Is.EqualTo(size));
    }

    [Test]
    public void The_checkpoint_reproduces_the_reported_test_probabilities()
    {
        using var temp = new TempDirectory();
        string data = TweetCsv.Write(temp.File("tweets.csv"), rows: 300);
        var options = TinyRun(temp, data);

        var run = options.Execute(new RecordingObserver());
        var report = run.Training;
        var (model, vocabulary) = ModelCheckpoint.Load(run.CheckpointDirectory);
        using (model)
        {
            var loaded = TweetDataReader.Read(data, new DataReadOptions(), CancellationToken.None);
            var test = StratifiedSplitter.Split(loaded.Tweets, options.ValidationSplit, options.TestSplit, options.Loop.Seed).Test;
            var tokens = DatasetEncoder.Tokenize([.. test.Select(t => t.Text)], CancellationToken.None);
            using var encoded = DatasetEncoder.Encode(tokens, [.. test.Select(t => t.Label)], vocabulary, options.Model.SequenceLength);

            float[] probabilities = model.PredictProbabilities(encoded.Ids);

            Assert.That(encoded.Labels, Is.EqualTo(report.TestLabels));
            Assert.That(probabilities, Is.EqualTo(report.TestProbabilities).Within(1e-6f));
        }
    }

    [Test]
    public void The_vocabulary_is_built_from_the_training_split_only()
    {
        using var temp = new TempDirectory();
        var csv = new StringBuilder("text,label\n");
        for (int i = 0; i < 200; i++) csv.Append($"\"{(i % 2 == 0 ? "sad" : "happy")} unique{i}\",{i % 2}\n");
        string data = temp.File("unique.csv");
        File.WriteAllText(data, csv.ToString());
        var options = TinyRun(temp, data).WithEpochs(1);

        var run = options.Execute(new RecordingObserver());
        var (model, vocabulary) = ModelCheckpoint.Load(run.CheckpointDirectory);
        model.Dispose();

        var loaded = TweetDataReader.Read(data, new DataReadOptions(), CancellationToken.None);
        var split = StratifiedSplitter.Split(loaded.Tweets, options.ValidationSplit, options.TestSplit, options.Loop.Seed);
        string UniqueToken(LabeledTweet tweet) => tweet.Text.Split(' ')[1];
        Assert.That(split.Train.Select(UniqueToken), Is.SubsetOf(vocabulary.Tokens));
        Assert.That(split.Validation.Concat(split.Test).Select(UniqueToken), Has.None.AnyOf(vocabulary.Tokens.ToArray()));
        Assert.That(vocabulary.Count, Is.EqualTo(split.Train.Count + 4), "[PAD], [UNK], sad, happy and one token per training tweet");
    }

    [Test]
    public void Cancelling_a_run_raises_OperationCanceledException_and_saves_no_checkpoint()
    {
        using var temp = new TempDirectory();
        string data = TweetCsv.Write(temp.File("tweets.csv"), rows: 300);
        using var cancellation = new CancellationTokenSource();
        var observer = new RecordingObserver(cancellation, batchesBeforeCancel: 2);

        Assert.That(
            () => TinyRun(temp, data).Execute(observer, cancellationToken: cancellation.Token),
            Throws.InstanceOf<OperationCanceledException>());
        Assert.That(Directory.Exists(temp.File("checkpoints", "tiny")), Is.False, "the run's claimed folder is removed");
        Assert.That(Directory.EnumerateFileSystemEntries(temp.File("checkpoints")), Is.Empty);
        Assert.That(observer.Report, Is.Null);
    }
}
