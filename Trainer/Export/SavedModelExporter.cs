using System.Diagnostics;
using System.Globalization;
using System.Text;
using Google.Protobuf;
using TwitterSentiment.Contracts;
using TwitterSentiment.Trainer.Export.Graph;
using TwitterSentiment.Trainer.Export.Proto;
using TwitterSentiment.Trainer.Modeling;
using TwitterSentiment.Trainer.Text;

namespace TwitterSentiment.Trainer.Export;

/// <summary>
/// Writes a trained <see cref="SentimentModel"/> and its <see cref="Vocabulary"/> as a TensorFlow SavedModel
/// that TensorFlow Serving loads: one MetaGraphDef tagged exactly {"serve"}, all weights as Const nodes (no
/// variables/ directory), the tokenizer inside the graph, and the signatures <c>serving_default</c>
/// (text → probability, label), <c>tokenize</c> (text → token_ids, token_count), <c>term_logits</c> (text → the
/// unweighted terms), <c>model_info</c> and <c>__saved_model_init_op</c>
/// (fills the vocabulary table). Also writes <c>assets.extra/tf_serving_warmup_requests</c>.
/// </summary>
public static class SavedModelExporter
{
    /// <summary>Tweets TF Serving replays at load, so the first user request does not pay for warm-up.</summary>
    private static readonly string[] WarmupTweets =
    [
        "I love this!",
        "This is the worst day ever :(",
        "@someone check https://example.com &amp; tell me what you think",
        "",
    ];

    /// <summary>
    /// Exports to <c>&lt;exportDirectory&gt;/&lt;modelName&gt;/&lt;next version&gt;/</c>, where the next version is the
    /// highest numeric version present plus one (1 for the first). The files are written into a hidden
    /// temporary sibling and renamed into place, so a polling server never sees half a model.
    /// </summary>
    /// <param name="modelInfo">What the model was trained on and how it scored, served by the <c>model_info</c> signature; null = none.</param>
    public static ExportResult Export(SentimentModel model, Vocabulary vocabulary, string exportDirectory = ServingContract.ModelBasePath, string modelName = ServingContract.ModelName, ExportedModelInfo? modelInfo = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(vocabulary);
        ArgumentException.ThrowIfNullOrWhiteSpace(exportDirectory);
        if (!ServingContract.IsValidModelName(modelName))
            throw new ArgumentException($"\"{modelName}\" is not a usable model name: it must be {ServingContract.ModelNameRule}.", nameof(modelName));

        var stopwatch = Stopwatch.StartNew();
        return Publish(Build(model.ExportWeights(), vocabulary, modelInfo), exportDirectory, modelName, stopwatch);
    }

    /// <summary>
    /// Writes a built SavedModel as the next version of <paramref name="modelName"/>, with a warm-up file, the same
    /// atomic way as <see cref="Export"/>; <c>trainer calibrate --saved-model</c> publishes its edited copy with it.
    /// </summary>
    /// <param name="stopwatch">Started when the work began; null = time the writing alone.</param>
    public static ExportResult Publish(SavedModel savedModel, string exportDirectory, string modelName, Stopwatch? stopwatch = null)
    {
        ArgumentNullException.ThrowIfNull(savedModel);
        ArgumentException.ThrowIfNullOrWhiteSpace(exportDirectory);
        if (!ServingContract.IsValidModelName(modelName))
            throw new ArgumentException($"\"{modelName}\" is not a usable model name: it must be {ServingContract.ModelNameRule}.", nameof(modelName));
        stopwatch ??= Stopwatch.StartNew();
        byte[] bytes = savedModel.ToByteArray();

        string modelDirectory = Path.GetFullPath(Path.Combine(exportDirectory, modelName));
        Directory.CreateDirectory(modelDirectory);
        string temporary = Path.Combine(modelDirectory, $".export-{Guid.NewGuid():N}");
        try
        {
            Directory.CreateDirectory(temporary);
            File.WriteAllBytes(Path.Combine(temporary, ServingContract.SavedModelFile), bytes);
            Directory.CreateDirectory(Path.Combine(temporary, ServingContract.AssetsExtraDirectory));
            using (var stream = File.Create(Path.Combine(temporary, ServingContract.WarmupFile)))
            {
                TfRecordWriter.Write(stream, [BuildWarmupRequest(modelName).ToByteArray()]);
            }

            // Another exporter may take the same number between our scan and our rename: then take the next.
            for (int attempt = 0; ; attempt++)
            {
                long version = NextVersion(modelDirectory);
                string target = Path.Combine(modelDirectory, version.ToString(CultureInfo.InvariantCulture));
                try
                {
                    Directory.Move(temporary, target);
                    return new ExportResult(target, version, bytes.Length, savedModel.MetaGraphs[0].GraphDef.Node.Count, stopwatch.Elapsed);
                }
                catch (IOException) when (attempt < 5 && Directory.Exists(target))
                {
                }
            }
        }
        finally
        {
            if (Directory.Exists(temporary)) Directory.Delete(temporary, recursive: true);
        }
    }

    /// <summary>The SavedModel message for the given weights; its graph has passed <see cref="GraphValidator"/>.</summary>
    public static SavedModel Build(SentimentModelWeights weights, Vocabulary vocabulary, ExportedModelInfo? modelInfo = null)
    {
        var graph = SentimentGraph.Build(weights, vocabulary, modelInfo?.ToJson());
        GraphValidator.ThrowIfInvalid(graph.Graph);

        var metaGraph = new MetaGraphDef
        {
            MetaInfoDef = new MetaGraphDef.Types.MetaInfoDef
            {
                Tags = { ServingContract.ServeTag },
                TensorflowVersion = "2.x (written by TwitterSentiment)",
                // Attrs at their default value may be absent; TensorFlow adds them back at load.
                StrippedDefaultAttrs = true,
            },
            GraphDef = graph.Graph,
        };
        var text = TensorInfo(graph.Text, -1);
        metaGraph.SignatureDef.Add(ServingContract.ServingSignature, new SignatureDef
        {
            Inputs = { [ServingContract.TextInput] = text },
            Outputs = { [ServingContract.ProbabilityOutput] = TensorInfo(graph.Probability, -1), [ServingContract.LabelOutput] = TensorInfo(graph.Label, -1) },
            MethodName = ServingContract.PredictMethod,
        });
        metaGraph.SignatureDef.Add(ServingContract.TokenizeSignature, new SignatureDef
        {
            Inputs = { [ServingContract.TextInput] = text.Clone() },
            Outputs =
            {
                [ServingContract.TokenIdsOutput] = TensorInfo(graph.TokenIds, -1, graph.SequenceLength),
                [ServingContract.TokenCountOutput] = TensorInfo(graph.TokenCount, -1),
            },
            MethodName = ServingContract.PredictMethod,
        });
        metaGraph.SignatureDef.Add(ServingContract.TermLogitsSignature, new SignatureDef
        {
            Inputs = { [ServingContract.TextInput] = text.Clone() },
            Outputs = { [ServingContract.TermLogitsOutput] = TensorInfo(graph.TermLogits, -1, TermWeights.TermNames.Count) },
            MethodName = ServingContract.PredictMethod,
        });
        if (graph.ModelInfo is { } info)
        {
            metaGraph.SignatureDef.Add(ServingContract.ModelInfoSignature, new SignatureDef
            {
                Inputs = { [ServingContract.TextInput] = text.Clone() },
                Outputs = { [ServingContract.ModelInfoOutput] = TensorInfo(info, -1) },
                MethodName = ServingContract.PredictMethod,
            });
        }
        // The init op is a target, named without ":0"; TensorFlow writes it with an unknown-rank shape.
        metaGraph.SignatureDef.Add(ServingContract.InitOpSignature, new SignatureDef
        {
            Outputs = { [ServingContract.InitOpSignature] = new TensorInfo { Name = graph.InitOp, TensorShape = new TensorShapeProto { UnknownRank = true } } },
        });
        metaGraph.CollectionDef.Add("saved_model_main_op", new CollectionDef { NodeList = new CollectionDef.Types.NodeList { Value = { graph.InitOp } } });

        return new SavedModel { SavedModelSchemaVersion = 1, MetaGraphs = { metaGraph } };
    }

    /// <summary>The highest numeric version directory plus one (1 when there is none).</summary>
    public static long NextVersion(string modelDirectory)
    {
        if (!Directory.Exists(modelDirectory)) return 1;
        long highest = 0;
        foreach (string directory in Directory.EnumerateDirectories(modelDirectory))
        {
            string name = Path.GetFileName(directory);
            if (name.All(char.IsAsciiDigit) && long.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out long version))
                highest = Math.Max(highest, version);
        }
        return highest + 1;
    }

    private static TensorInfo TensorInfo(TensorRef tensor, params long[] shape) =>
        new() { Name = tensor.TensorName, Dtype = tensor.DataType, TensorShape = GraphBuilder.Shape(shape) };

    private static PredictionLog BuildWarmupRequest(string modelName)
    {
        var texts = new TensorProto { Dtype = DataType.DtString, TensorShape = GraphBuilder.Shape(WarmupTweets.Length) };
        foreach (string tweet in WarmupTweets) texts.StringVal.Add(ByteString.CopyFrom(tweet, Encoding.UTF8));
        return new PredictionLog
        {
            PredictLog = new PredictLog
            {
                Request = new PredictRequest
                {
                    ModelSpec = new ModelSpec { Name = modelName, SignatureName = ServingContract.ServingSignature },
                    Inputs = { [ServingContract.TextInput] = texts },
                },
            },
        };
    }
}
