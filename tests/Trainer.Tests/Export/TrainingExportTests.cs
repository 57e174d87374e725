using TwitterSentiment.Trainer.Export;
using TwitterSentiment.Trainer.Export.Graph;
using TwitterSentiment.Trainer.Export.Proto;
using TwitterSentiment.Trainer.Tests.Modeling;

namespace TwitterSentiment.Trainer.Tests.Export;

/// <summary>Training ends with a SavedModel under the run's export directory and model name.</summary>
public sealed class TrainingExportTests
{
    [Test]
    public void A_training_run_exports_the_next_SavedModel_version_for_its_model_name()
    {
        using var temp = new TempDirectory();
        string data = TweetCsv.Write(temp.File("tweets.csv"), rows: 300);
        Directory.CreateDirectory(Path.Combine(temp.File("models"), "tweets", "4"));
        var tiny = TinyRun.Options(temp.Path, data, "exported").WithEpochs(1);
        var options = tiny with { Model = tiny.Model with { SequenceLength = 10, EmbeddingDim = 4, LstmUnits = 4 }, ModelName = "tweets" };

        var run = options.Execute(new RecordingObserver());
        var report = run.Training;

        Assert.That(run.Export, Is.Not.Null);
        Assert.That(run.Export.Version, Is.EqualTo(5));
        Assert.That(run.Export.VersionDirectory, Is.EqualTo(Path.Combine(temp.File("models"), "tweets", "5")));
        var savedModel = SavedModel.Parser.ParseFrom(File.ReadAllBytes(Path.Combine(temp.File("models"), "tweets", "5", "saved_model.pb")));
        Assert.That(GraphValidator.Validate(savedModel.MetaGraphs[0].GraphDef), Is.Empty);
        Assert.That(savedModel.MetaGraphs[0].SignatureDef["tokenize"].Outputs["token_ids"].TensorShape.Dim[1].Size, Is.EqualTo(10));

        // The run's facts travel in the export (model_info) and beside the checkpoint, identically.
        string json = savedModel.MetaGraphs[0].GraphDef.Node.Single(n => n.Name == "model_info/json").Attr["value"].Tensor.StringVal[0].ToStringUtf8();
        using var info = System.Text.Json.JsonDocument.Parse(json);
        Assert.That(info.RootElement.GetProperty("run").GetString(), Is.EqualTo(options.RunName));
        Assert.That(info.RootElement.GetProperty("data").GetProperty("tweets").GetInt32(), Is.EqualTo(report.Data.Tweets));
        Assert.That(info.RootElement.GetProperty("test").GetProperty("accuracy").GetDouble(), Is.EqualTo(Math.Round(report.Test.Accuracy, 4)));
        Assert.That(ExportedModelInfo.Load(run.CheckpointDirectory)?.ToJson(), Is.EqualTo(json));
    }
}
