using Google.Protobuf;
using TwitterSentiment.Contracts;
using TwitterSentiment.Trainer.Export;
using TwitterSentiment.Trainer.Export.Proto;
using TwitterSentiment.Trainer.Modeling;
using TwitterSentiment.Trainer.Text;

namespace TwitterSentiment.Trainer.Tests.Export;

/// <summary>serving/lib/saved-model.mjs refuses what TensorFlow would refuse, and says which part is wrong.</summary>
public sealed class SavedModelLoaderErrorTests : IDisposable
{
    private readonly TempDirectory _work = new();

    [OneTimeSetUp]
    public void InstallTensorFlowJs() => NodeHarness.EnsureInstalled();

    public void Dispose() => _work.Dispose();

    /// <summary>A valid export, altered by <paramref name="change"/>, written as its own version directory.</summary>
    private string WriteAltered(string name, Action<SavedModel> change)
    {
        var vocabulary = Vocabulary.Build([["ok", "fine"]], maxTokens: 10);
        using var model = new SentimentModel(new ModelOptions { VocabularySize = vocabulary.Count, SequenceLength = 3, EmbeddingDim = 2, LstmUnits = 2 });
        var savedModel = SavedModelExporter.Build(model.ExportWeights(), vocabulary);
        change(savedModel);
        string directory = Directory.CreateDirectory(Path.Combine(_work.Path, name, "1")).FullName;
        File.WriteAllBytes(Path.Combine(directory, ServingContract.SavedModelFile), savedModel.ToByteArray());
        return directory;
    }

    [Test]
    public void A_meta_graph_whose_tags_are_not_exactly_serve_is_not_loaded()
    {
        string directory = WriteAltered("tags", savedModel => savedModel.MetaGraphs[0].MetaInfoDef.Tags.Add("gpu"));

        var (exitCode, _, error) = NodeHarness.TryRun(directory, ServingContract.ServingSignature, NodeHarness.TextInput(["hi"]));

        Assert.That(exitCode, Is.EqualTo(1));
        Assert.That(error, Does.Contain("could not find meta graph def matching supplied tags: { serve }"));
    }

    [Test]
    public void An_int64_constant_outside_the_int32_range_is_reported_with_its_node()
    {
        string directory = WriteAltered("int64", savedModel =>
            savedModel.MetaGraphs[0].GraphDef.Node.Single(n => n.Name == "vocabulary/oov_id").Attr["value"].Tensor.Int64Val[0] = 1L << 40);

        var (exitCode, _, error) = NodeHarness.TryRun(directory, ServingContract.ServingSignature, NodeHarness.TextInput(["hi"]));

        Assert.That(exitCode, Is.EqualTo(1));
        Assert.That(error, Does.Contain("vocabulary/oov_id").And.Contain("does not fit in int32"));
    }

    [Test]
    public void A_dangling_input_is_reported_with_the_node_that_names_it()
    {
        string directory = WriteAltered("dangling", savedModel =>
            savedModel.MetaGraphs[0].GraphDef.Node.Single(n => n.Name == "probability").Input[0] = "model/missing");

        var (exitCode, _, error) = NodeHarness.TryRun(directory, ServingContract.ServingSignature, NodeHarness.TextInput(["hi"]));

        Assert.That(exitCode, Is.EqualTo(1));
        Assert.That(error, Does.Contain("Node \"probability\" (Sigmoid) has input \"model/missing\""));
    }

    [Test]
    public void A_file_that_is_not_a_SavedModel_is_reported_as_such()
    {
        string directory = Directory.CreateDirectory(Path.Combine(_work.Path, "garbage", "1")).FullName;
        File.WriteAllBytes(Path.Combine(directory, ServingContract.SavedModelFile), [0xFF, 0xFF, 0xFF, 0x07, 0x01]);

        var (exitCode, _, error) = NodeHarness.TryRun(directory, ServingContract.ServingSignature, NodeHarness.TextInput(["hi"]));

        Assert.That(exitCode, Is.EqualTo(1));
        Assert.That(error, Does.Contain("is not a binary SavedModel"));
    }

    [Test]
    public void A_failed_run_leaves_the_loaded_model_usable()
    {
        string directory = WriteAltered("recover", savedModel =>
        {
            var kernel = savedModel.MetaGraphs[0].GraphDef.Node.Single(n => n.Name == "model/dense/kernel").Attr["value"].Tensor;
            kernel.TensorShape.Dim[0].Size = 1;
            kernel.TensorShape.Dim[1].Size = 2;
        });
        string script = $$"""
            import { loadSavedModel } from './lib/saved-model.mjs';
            const model = await loadSavedModel({{System.Text.Json.JsonSerializer.Serialize(directory)}});
            let failed = false;
            try { await model.run('serving_default', { text: ['ok'] }); } catch { failed = true; }
            const ids = await model.run('tokenize', { text: ['ok fine nope'] });
            console.log(JSON.stringify({ failed, ids: ids.token_ids.values }));
            """;

        var (exitCode, output, error) = NodeHarness.RunModule(script);

        Assert.That(exitCode, Is.Zero, error);
        Assert.That(output.Trim(), Is.EqualTo("{\"failed\":true,\"ids\":[2,3,1]}").Or.EqualTo("{\"failed\":true,\"ids\":[3,2,1]}"));
    }

    [Test]
    public void A_failing_node_is_named_in_the_error()
    {
        // The dense kernel reshaped from [2, 1] to [1, 2]: the MatMul's inner dimensions no longer agree.
        string directory = WriteAltered("runtime", savedModel =>
        {
            var kernel = savedModel.MetaGraphs[0].GraphDef.Node.Single(n => n.Name == "model/dense/kernel").Attr["value"].Tensor;
            kernel.TensorShape.Dim[0].Size = 1;
            kernel.TensorShape.Dim[1].Size = 2;
        });

        var (exitCode, _, error) = NodeHarness.TryRun(directory, ServingContract.ServingSignature, NodeHarness.TextInput(["hi"]));

        Assert.That(exitCode, Is.EqualTo(1));
        Assert.That(error, Does.Contain("first failing node: \"model/dense/matmul\", op MatMul"));
    }
}
