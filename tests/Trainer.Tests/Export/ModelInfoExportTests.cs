using System.Text.Json;
using TwitterSentiment.Contracts;
using TwitterSentiment.Contracts.Metrics;
using TwitterSentiment.Trainer.Export;
using TwitterSentiment.Trainer.Export.Graph;
using TwitterSentiment.Trainer.Modeling;
using TwitterSentiment.Trainer.Text;

namespace TwitterSentiment.Trainer.Tests.Export;

/// <summary>
/// The <c>model_info</c> signature: the training facts as a DT_STRING JSON, one copy per input row, executed by
/// TensorFlow.js (the local server's runtime) and validated against TensorFlow's OpDefs; absent when not given.
/// </summary>
public sealed class ModelInfoExportTests : IDisposable
{
    private readonly TempDirectory _exports = new();

    public void Dispose() => _exports.Dispose();

    private static (SentimentModel Model, Vocabulary Vocabulary) TinyModel()
    {
        var vocabulary = Vocabulary.Build([["love"], ["hate"]], maxTokens: 10);
        return (new SentimentModel(new ModelOptions { VocabularySize = vocabulary.Count, SequenceLength = 4, EmbeddingDim = 2, LstmUnits = 2 }), vocabulary);
    }

    private static ExportedModelInfo Info(ModelOptions model, TrainingRunOptions? options = null, int bestEpoch = 3) => ExportedModelInfo.FromTraining(
        new TrainingReport(
            options ?? new TrainingRunOptions { RunName = "lstm-test-run", CheckpointDirectory = "c", ExportDirectory = "e" },
            new DataFacts("/somewhere/private/tweets.csv", "a test file \"with quotes\" and ünïcode", "TextLabel", 10, 10, 0, 0, [], "abc123"),
            new SplitSizes(8, 1, 1),
            model,
            [],
            BestEpoch: bestEpoch,
            StoppedEarly: false,
            ClassificationMetrics.Compute([0, 1], [0.2f, 0.9f]),
            ClassificationMetrics.Compute([1], [0.7f]),
            [],
            [],
            new TrainingTimings(TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero))
        {
            Calibration = new TemperatureFit(1.5, -0.25, model.Terms.Scaled(1 / 1.5, -0.25)),
            ValidationBeforeCalibration = ClassificationMetrics.Compute([0, 1], [0.2f, 0.9f]),
        },
        new DateTimeOffset(2026, 12, 3, 7, 0, 0, TimeSpan.Zero));

    [Test]
    public void The_signature_is_a_batch_first_string_and_the_graph_passes_the_op_validator()
    {
        var (model, vocabulary) = TinyModel();
        using (model)
        {
            var info = Info(model.Options);
            var savedModel = SavedModelExporter.Build(model.ExportWeights(), vocabulary, info);
            var signature = savedModel.MetaGraphs[0].SignatureDef[ServingContract.ModelInfoSignature];

            Assert.That(signature.Inputs.Keys, Is.EqualTo(new[] { ServingContract.TextInput }));
            var output = signature.Outputs[ServingContract.ModelInfoOutput];
            Assert.That(output.Dtype, Is.EqualTo(Trainer.Export.Proto.DataType.DtString));
            Assert.That(output.TensorShape.Dim.Select(d => d.Size), Is.EqualTo(new[] { -1L }), "batch first, as TF Serving's row format needs");
            Assert.That(signature.MethodName, Is.EqualTo(ServingContract.PredictMethod));
            Assert.DoesNotThrow(() => GraphValidator.ThrowIfInvalid(savedModel.MetaGraphs[0].GraphDef));
        }
    }

    [Test]
    public void Without_model_info_there_is_no_such_signature()
    {
        var (model, vocabulary) = TinyModel();
        using (model)
        {
            var savedModel = SavedModelExporter.Build(model.ExportWeights(), vocabulary);

            Assert.That(savedModel.MetaGraphs[0].SignatureDef.ContainsKey(ServingContract.ModelInfoSignature), Is.False);
        }
    }

    [Test]
    public void The_json_names_the_data_file_but_not_its_folder_and_leaves_an_undefined_auc_out()
    {
        var (model, _) = TinyModel();
        using (model)
        {
            using var json = JsonDocument.Parse(Info(model.Options).ToJson());
            var root = json.RootElement;

            Assert.That(root.GetProperty("run").GetString(), Is.EqualTo("lstm-test-run"));
            Assert.That(root.GetProperty("trained_at").GetString(), Is.EqualTo("2026-12-03T07:00:00Z"));
            Assert.That(root.GetProperty("data").GetProperty("file").GetString(), Is.EqualTo("tweets.csv"));
            Assert.That(root.GetRawText(), Does.Not.Contain("/somewhere/private"));
            Assert.That(root.GetProperty("validation").GetProperty("accuracy").GetDouble(), Is.EqualTo(1.0));
            Assert.That(root.GetProperty("test").TryGetProperty("roc_auc", out _), Is.False, "one class only: AUC undefined, not NaN");
            Assert.That(root.GetProperty("model").GetProperty("best_epoch").GetInt32(), Is.EqualTo(3));
        }
    }

    [Test]
    public void The_json_carries_what_tells_runs_apart_under_the_names_the_site_reads()
    {
        var (model, _) = TinyModel();
        using (model)
        {
            var options = new TrainingRunOptions
            {
                RunName = "lstm-test-run", CheckpointDirectory = "c", ExportDirectory = "e",
                Loop = new TrainingLoopOptions { Seed = 7, Epochs = 12, LearningRate = 0.004 },
            };
            var info = Info(model.Options with { Dropout = 0.25 }, options, bestEpoch: 2);
            using var json = JsonDocument.Parse(info.ToJson());
            var training = json.RootElement.GetProperty(ServingContract.ModelInfoTraining);
            var architecture = json.RootElement.GetProperty(ServingContract.ModelInfoModel);

            Assert.That(training.GetProperty(ServingContract.ModelInfoSeed).GetInt32(), Is.EqualTo(7));
            Assert.That(training.GetProperty(ServingContract.ModelInfoEpochs).GetInt32(), Is.EqualTo(12));
            Assert.That(training.GetProperty(ServingContract.ModelInfoLearningRate).GetDouble(), Is.EqualTo(0.004));
            Assert.That(architecture.GetProperty(ServingContract.ModelInfoDropout).GetDouble(), Is.EqualTo(0.25));
            Assert.That(architecture.GetProperty(ServingContract.ModelInfoBestEpoch).GetInt32(), Is.EqualTo(2));
            Assert.That(architecture.TryGetProperty(ServingContract.ModelInfoLexicon, out _), Is.False, "no lexicon: neither name nor weight");
            Assert.That(architecture.TryGetProperty(ServingContract.ModelInfoLexiconWeight, out _), Is.False);
        }
    }

    [Test]
    public void Saved_beside_a_checkpoint_it_loads_back_equal()
    {
        var (model, _) = TinyModel();
        using (model)
        {
            var info = Info(model.Options);
            info.Save(_exports.Path);

            Assert.That(ExportedModelInfo.Load(_exports.Path)?.ToJson(), Is.EqualTo(info.ToJson()));
            Assert.That(ExportedModelInfo.Load(Path.Combine(_exports.Path, "missing")), Is.Null);
        }
    }

    [Test]
    public void TensorFlow_js_returns_the_json_once_per_input_row()
    {
        NodeHarness.EnsureInstalled();
        var (model, vocabulary) = TinyModel();
        using (model)
        {
            var info = Info(model.Options);
            var export = SavedModelExporter.Export(model, vocabulary, _exports.Path, "model-info", info);

            var outputs = NodeHarness.Run(export.VersionDirectory, ServingContract.ModelInfoSignature, NodeHarness.TextInput(["I love it", "", "x"]));

            Assert.That(NodeHarness.Shape(outputs, ServingContract.ModelInfoOutput), Is.EqualTo(new[] { 3 }));
            Assert.That(NodeHarness.Strings(outputs, ServingContract.ModelInfoOutput), Is.EqualTo(Enumerable.Repeat(info.ToJson(), 3)));
        }
    }
}
