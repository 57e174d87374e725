using System.Buffers.Binary;
using System.Text;
using TwitterSentiment.Contracts;
using TwitterSentiment.Trainer.Export;
using TwitterSentiment.Trainer.Export.Graph;
using TwitterSentiment.Trainer.Export.Proto;
using TwitterSentiment.Trainer.Modeling;
using TwitterSentiment.Trainer.Text;
using static TwitterSentiment.Trainer.Export.Proto.DataType;

namespace TwitterSentiment.Trainer.Tests.Export;

/// <summary>What TensorFlow's loader and TF Serving require of the files, decoded from the bytes we wrote.</summary>
public sealed class SavedModelStructureTests : IDisposable
{
    /// <summary>
    /// The ops that TensorFlow Serving and TensorFlow.js execute identically, plus StringLower; Sign and Sum only on the
    /// integer token ids (token_count), where both are exact: the TensorFlow.js parity test checks the counts.
    /// </summary>
    private static readonly HashSet<string> PortableOps =
    [
        "Placeholder", "Const", "Identity", "NoOp", "StringLower", "StaticRegexReplace", "StringSplit", "StringToHashBucketFast",
        "HashTableV2", "LookupTableImportV2", "LookupTableFindV2", "SparseToDense", "Shape", "ConcatV2", "Fill", "Pack",
        "StridedSlice", "Greater", "Cast", "GatherV2", "Reshape", "Transpose", "ExpandDims", "MatMul", "BiasAdd", "AddV2",
        "Mul", "Split", "Sigmoid", "Tanh", "SelectV2", "Softmax", "Sign", "Sum",
    ];

    private readonly TempDirectory _exports = new();

    public void Dispose() => _exports.Dispose();

    private static (SentimentModel Model, Vocabulary Vocabulary) SmallModel(bool bidirectional)
    {
        var vocabulary = Vocabulary.Build([["good", "bad", "day"], ["good", "night"]], maxTokens: 10);
        TorchSharp.torch.manual_seed(1);
        return (new SentimentModel(new ModelOptions { VocabularySize = vocabulary.Count, SequenceLength = 7, EmbeddingDim = 5, LstmUnits = 3, Bidirectional = bidirectional }), vocabulary);
    }

    private (SavedModel SavedModel, ExportResult Export) ExportAndDecode(bool bidirectional)
    {
        var (model, vocabulary) = SmallModel(bidirectional);
        using (model)
        {
            var export = SavedModelExporter.Export(model, vocabulary, _exports.Path, bidirectional ? "bi" : "uni");
            byte[] bytes = File.ReadAllBytes(Path.Combine(export.VersionDirectory, ServingContract.SavedModelFile));
            return (SavedModel.Parser.ParseFrom(bytes), export);
        }
    }

    [TestCase(false)]
    [TestCase(true)]
    public void Every_node_of_an_exported_model_passes_the_OpDef_check(bool bidirectional)
    {
        var (savedModel, _) = ExportAndDecode(bidirectional);

        var graph = savedModel.MetaGraphs.Single().GraphDef;
        Assert.That(GraphValidator.Validate(graph), Is.Empty);
        Assert.That(graph.Node.Select(n => n.Op).Distinct(), Is.SubsetOf(PortableOps));
    }

    [TestCase(false)]
    [TestCase(true)]
    public void The_meta_graph_is_tagged_serve_with_a_modern_producer_and_no_variables(bool bidirectional)
    {
        var (savedModel, export) = ExportAndDecode(bidirectional);

        var metaGraph = savedModel.MetaGraphs.Single();
        Assert.That(savedModel.SavedModelSchemaVersion, Is.EqualTo(1));
        Assert.That(metaGraph.MetaInfoDef.Tags, Is.EqualTo(new[] { "serve" }));
        Assert.That(metaGraph.MetaInfoDef.StrippedDefaultAttrs, Is.True);
        Assert.That(metaGraph.GraphDef.Versions.Producer, Is.EqualTo(1394));
        Assert.That(metaGraph.GraphDef.Versions.MinConsumer, Is.Zero);
        Assert.That(Directory.Exists(Path.Combine(export.VersionDirectory, "variables")), Is.False);
        Assert.That(export.NodeCount, Is.EqualTo(metaGraph.GraphDef.Node.Count));
    }

    [TestCase(false)]
    [TestCase(true)]
    public void Signatures_resolve_to_real_node_outputs_with_matching_dtypes(bool bidirectional)
    {
        var (savedModel, _) = ExportAndDecode(bidirectional);
        var metaGraph = savedModel.MetaGraphs.Single();
        var outputTypes = GraphValidator.InferOutputTypes(metaGraph.GraphDef);

        var serving = metaGraph.SignatureDef["serving_default"];
        var tokenize = metaGraph.SignatureDef["tokenize"];
        Assert.That(serving.MethodName, Is.EqualTo("tensorflow/serving/predict"));
        Assert.That(serving.Inputs.Keys, Is.EqualTo(new[] { "text" }));
        Assert.That(serving.Outputs.Keys, Is.EquivalentTo(new[] { "probability", "label" }));
        Assert.That(tokenize.Outputs.Keys, Is.EquivalentTo(new[] { "token_ids", "token_count" }));
        AssertTensorInfo(serving.Inputs["text"], DtString, [-1]);
        AssertTensorInfo(serving.Outputs["probability"], DtFloat, [-1]);
        AssertTensorInfo(serving.Outputs["label"], DtString, [-1]);
        AssertTensorInfo(tokenize.Inputs["text"], DtString, [-1]);
        AssertTensorInfo(tokenize.Outputs["token_ids"], DtInt64, [-1, 7]);
        AssertTensorInfo(tokenize.Outputs["token_count"], DtInt64, [-1]);
        Assert.That(metaGraph.GraphDef.Node.Single(n => n.Name == "text").Op, Is.EqualTo("Placeholder"));

        foreach (var info in serving.Inputs.Values.Concat(serving.Outputs.Values).Concat(tokenize.Inputs.Values).Concat(tokenize.Outputs.Values))
        {
            string[] parts = info.Name.Split(':');
            Assert.That(parts, Has.Length.EqualTo(2), info.Name);
            Assert.That(outputTypes.TryGetValue(parts[0], out var types), Is.True, $"{info.Name} names no node");
            Assert.That(types?[int.Parse(parts[1])], Is.EqualTo(info.Dtype), info.Name);
        }

        string initOp = metaGraph.SignatureDef["__saved_model_init_op"].Outputs["__saved_model_init_op"].Name;
        Assert.That(metaGraph.GraphDef.Node.Single(n => n.Name == initOp).Op, Is.EqualTo("NoOp"));
        Assert.That(metaGraph.GraphDef.Node.Single(n => n.Name == initOp).Input, Has.All.StartsWith("^"));
    }

    private static void AssertTensorInfo(TensorInfo info, DataType dtype, long[] shape)
    {
        Assert.That(info.Dtype, Is.EqualTo(dtype), info.Name);
        Assert.That(info.TensorShape.Dim.Select(d => d.Size), Is.EqualTo(shape), info.Name);
    }

    [Test]
    public void The_bytes_decode_and_encode_back_to_the_same_bytes_and_exports_are_deterministic()
    {
        var (model, vocabulary) = SmallModel(bidirectional: true);
        using (model)
        {
            var weights = model.ExportWeights();
            byte[] first = Google.Protobuf.MessageExtensions.ToByteArray(SavedModelExporter.Build(weights, vocabulary));
            byte[] second = Google.Protobuf.MessageExtensions.ToByteArray(SavedModelExporter.Build(weights, vocabulary));

            byte[] roundTrip = Google.Protobuf.MessageExtensions.ToByteArray(SavedModel.Parser.ParseFrom(first));

            Assert.That(roundTrip, Is.EqualTo(first));
            Assert.That(second, Is.EqualTo(first));
        }
    }

    [Test]
    public void Zero_valued_oneof_attrs_are_written_explicitly()
    {
        var (savedModel, _) = ExportAndDecode(bidirectional: false);
        var graph = savedModel.MetaGraphs.Single().GraphDef;

        var lower = graph.Node.First(n => n.Op == "StringLower");
        var slice = graph.Node.First(n => n.Op == "StridedSlice");
        Assert.That(lower.Attr["encoding"].ValueCase, Is.EqualTo(AttrValue.ValueOneofCase.S));
        Assert.That(lower.Attr["encoding"].S.IsEmpty, Is.True);
        Assert.That(slice.Attr["shrink_axis_mask"].ValueCase, Is.EqualTo(AttrValue.ValueOneofCase.I));
        Assert.That(graph.Node.Where(n => n.Op == "Const").Select(n => n.Attr["value"].Tensor.TensorShape), Has.None.Null);
    }

    [Test]
    public void The_tokenizer_rules_are_emitted_in_order_from_the_one_specification()
    {
        var (savedModel, _) = ExportAndDecode(bidirectional: false);

        var rules = savedModel.MetaGraphs.Single().GraphDef.Node.Where(n => n.Op == "StaticRegexReplace")
            .Select(n => new RewriteRule(n.Name, n.Attr["pattern"].S.ToStringUtf8(), n.Attr["rewrite"].S.ToStringUtf8()))
            .ToList();
        Assert.That(rules.Select(r => (r.Pattern, r.Replacement)), Is.EqualTo(TokenizerSpec.Rules.Select(r => (r.Pattern, r.Replacement))));
        Assert.That(rules.SelectMany(r => r.Pattern + r.Replacement), Has.All.LessThan((char)128), "tfjs reads patterns as Latin-1: ASCII only");
        Assert.That(rules.Where(r => r.Replacement.Contains('\\') || r.Replacement.Contains('$')), Is.Empty, "RE2 and JavaScript read group references differently");
    }

    [Test]
    public void The_warmup_file_is_a_valid_TFRecord_of_one_predict_request()
    {
        var (_, export) = ExportAndDecode(bidirectional: false);

        byte[] file = File.ReadAllBytes(Path.Combine(export.VersionDirectory, "assets.extra", "tf_serving_warmup_requests"));
        ulong length = BinaryPrimitives.ReadUInt64LittleEndian(file);
        Assert.That(BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(8)), Is.EqualTo(TfRecordWriter.MaskedCrc32C(file.AsSpan(0, 8))));
        var record = file.AsSpan(12, (int)length);
        Assert.That(BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(12 + (int)length)), Is.EqualTo(TfRecordWriter.MaskedCrc32C(record)));
        Assert.That(file, Has.Length.EqualTo(16 + (int)length));

        var log = PredictionLog.Parser.ParseFrom(record.ToArray());
        Assert.That(log.PredictLog.Request.ModelSpec.Name, Is.EqualTo("uni"));
        Assert.That(log.PredictLog.Request.ModelSpec.SignatureName, Is.EqualTo("serving_default"));
        Assert.That(log.PredictLog.Request.Inputs["text"].Dtype, Is.EqualTo(DtString));
        Assert.That(log.PredictLog.Request.Inputs["text"].StringVal, Has.Count.EqualTo(log.PredictLog.Request.Inputs["text"].TensorShape.Dim[0].Size));
    }

    [Test]
    public void Crc32c_matches_the_standard_check_value()
    {
        Assert.That(TfRecordWriter.Crc32C(Encoding.ASCII.GetBytes("123456789")), Is.EqualTo(0xE3069283u));
    }
}
