using System.Runtime.InteropServices;
using Google.Protobuf;
using TwitterSentiment.Contracts;
using TwitterSentiment.Trainer.Export.Proto;
using TwitterSentiment.Trainer.Modeling;
using TwitterSentiment.Trainer.Scoring;

namespace TwitterSentiment.Trainer.Export;

/// <summary>
/// Reads and rewrites what <c>trainer calibrate --saved-model</c> changes in a SavedModel this trainer exported: the
/// combining layer (<see cref="SentimentGraph.CombineKernelNode"/>, <see cref="SentimentGraph.CombineBiasNode"/>), with
/// <c>--fit-bag</c> the bag's dense layer (<see cref="SentimentGraph.BagKernelNode"/>, <see cref="SentimentGraph.BagBiasNode"/>,
/// read beside its vectors, <see cref="SentimentGraph.BagTableNode"/>), and the <c>model_info</c> JSON. Every other node
/// stays as it was, so the edited graph computes the same LSTM and lexicon terms.
/// </summary>
public static class SavedModelEditor
{
    /// <exception cref="ModelSourceException">No readable saved_model.pb in the folder.</exception>
    public static SavedModel Read(string versionDirectory)
    {
        ArgumentNullException.ThrowIfNull(versionDirectory);
        string path = Path.Combine(versionDirectory, ServingContract.SavedModelFile);
        try
        {
            using var file = File.OpenRead(path);
            var savedModel = SavedModel.Parser.ParseFrom(file);
            if (savedModel.MetaGraphs.Count == 0) throw new InvalidDataException("it holds no MetaGraphDef");
            return savedModel;
        }
        catch (Exception exception) when (exception is IOException or InvalidProtocolBufferException or InvalidDataException or UnauthorizedAccessException)
        {
            throw new ModelSourceException($"Cannot read {path}: {exception.Message}", exception);
        }
    }

    /// <summary>The combining layer's weights and intercept.</summary>
    /// <exception cref="ModelSourceException">The graph has no combining layer (an export from before it existed).</exception>
    public static TermWeights ReadCombination(SavedModel savedModel)
    {
        float[] kernel = FloatValues(Const(savedModel, SentimentGraph.CombineKernelNode));
        float[] bias = FloatValues(Const(savedModel, SentimentGraph.CombineBiasNode));
        if (kernel.Length != TermWeights.TermNames.Count || bias.Length != 1)
            throw new ModelSourceException($"The combining layer has {kernel.Length} weights and {bias.Length} biases where {TermWeights.TermNames.Count} and 1 were expected.");
        return new TermWeights(kernel[0], kernel[1], kernel[2], bias[0]);
    }

    /// <summary>The bag of vectors' frozen vectors, row-major [rows, <paramref name="dimension"/>]; null when the graph has no bag.</summary>
    public static float[]? ReadBagVectors(SavedModel savedModel, out int dimension)
    {
        dimension = 0;
        if (FindConst(savedModel, SentimentGraph.BagTableNode) is not { } table) return null;
        if (table.TensorShape.Dim.Count != 2) throw new ModelSourceException($"The bag's vectors are {table.TensorShape.Dim.Count}-dimensional, not [rows, dimension].");
        dimension = checked((int)table.TensorShape.Dim[1].Size);
        return FloatValues(table);
    }

    /// <summary>The model_info JSON, or null when the export carries none.</summary>
    public static string? ReadModelInfo(SavedModel savedModel) =>
        FindConst(savedModel, SentimentGraph.ModelInfoJsonNode)?.StringVal.SingleOrDefault()?.ToStringUtf8();

    /// <summary>
    /// A copy with <paramref name="combination"/> as its combining layer, <paramref name="bagLayer"/> (unless null) as its
    /// bag's dense layer, and <paramref name="modelInfoJson"/> as its model_info.
    /// </summary>
    /// <exception cref="ModelSourceException">The graph lacks the combining layer, the bag, or the model_info signature.</exception>
    public static SavedModel WithCombination(SavedModel savedModel, TermWeights combination, LogisticFit? bagLayer, string modelInfoJson)
    {
        ArgumentNullException.ThrowIfNull(combination);
        ArgumentNullException.ThrowIfNull(modelInfoJson);
        var edited = savedModel.Clone();
        SetFloats(Const(edited, SentimentGraph.CombineKernelNode), [.. combination.Weights.Select(weight => (float)weight)]);
        SetFloats(Const(edited, SentimentGraph.CombineBiasNode), [(float)combination.Intercept]);
        if (bagLayer is not null)
        {
            SetFloats(Const(edited, SentimentGraph.BagKernelNode), [.. bagLayer.Coefficients.Select(weight => (float)weight)]);
            SetFloats(Const(edited, SentimentGraph.BagBiasNode), [(float)bagLayer.Intercept]);
        }
        var info = FindConst(edited, SentimentGraph.ModelInfoJsonNode)
            ?? throw new ModelSourceException($"The SavedModel has no {ServingContract.ModelInfoSignature} signature to record the calibration in; calibrate its checkpoint instead.");
        info.StringVal.Clear();
        info.StringVal.Add(ByteString.CopyFromUtf8(modelInfoJson));
        return edited;
    }

    private static TensorProto Const(SavedModel savedModel, string name) =>
        FindConst(savedModel, name) ?? throw new ModelSourceException(
            $"The SavedModel has no \"{name}\" node: it was exported before models had a combining layer. Calibrate its checkpoint (--checkpoint), or re-export that first (`trainer export`).");

    private static TensorProto? FindConst(SavedModel savedModel, string name)
    {
        ArgumentNullException.ThrowIfNull(savedModel);
        var node = savedModel.MetaGraphs[0].GraphDef.Node.FirstOrDefault(node => node.Name == name && node.Op == "Const");
        return node is not null && node.Attr.TryGetValue("value", out var value) ? value.Tensor : null;
    }

    private static float[] FloatValues(TensorProto tensor)
    {
        if (tensor.Dtype != DataType.DtFloat) throw new ModelSourceException($"A layer's constant is {tensor.Dtype}, not DT_FLOAT.");
        return tensor.TensorContent.IsEmpty ? [.. tensor.FloatVal] : MemoryMarshal.Cast<byte, float>(tensor.TensorContent.Span).ToArray();
    }

    /// <summary>As <see cref="Graph.GraphBuilder"/> writes them: one value in float_val, more in tensor_content.</summary>
    private static void SetFloats(TensorProto tensor, float[] values)
    {
        long elements = tensor.TensorShape.Dim.Aggregate(1L, (product, dim) => product * dim.Size);
        if (elements != values.Length) throw new ModelSourceException($"A layer's constant holds {elements} values, not {values.Length}.");
        tensor.FloatVal.Clear();
        tensor.TensorContent = ByteString.Empty;
        if (values.Length == 1) tensor.FloatVal.Add(values[0]);
        else tensor.TensorContent = ByteString.CopyFrom(MemoryMarshal.AsBytes(values.AsSpan()));
    }
}
