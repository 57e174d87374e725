using System.Runtime.InteropServices;
using Google.Protobuf;
using TwitterSentiment.Contracts;
using TwitterSentiment.Trainer.Export.Proto;

namespace TwitterSentiment.Trainer.Tests.Export;

/// <summary>One string op between the text placeholder and StringSplit, with its attrs as the graph stores them.</summary>
internal sealed record ExportedTokenizerStep(string Node, string Op, ByteString Encoding, ByteString Pattern, ByteString Rewrite, bool ReplaceGlobal)
{
    public const string StringLower = "StringLower";
    public const string StaticRegexReplace = "StaticRegexReplace";
}

/// <summary>
/// The tokenizer an exported graph computes, read back from the bytes of saved_model.pb rather than from
/// <c>TokenizerSpec</c>: the StringLower/StaticRegexReplace chain from the <c>tokenize</c> signature's text input
/// to StringSplit in data-flow order, the split delimiter, the vocabulary table and the row length.
/// Attrs absent from the graph (defaults are stripped) take their OpDef defaults.
/// </summary>
internal sealed record ExportedTokenizer(
    IReadOnlyList<ExportedTokenizerStep> Steps,
    ByteString Delimiter,
    bool SkipEmpty,
    IReadOnlyList<(ByteString Key, long Id)> Table,
    long DefaultId,
    int SequenceLength)
{
    private static readonly HashSet<string> ChainOps = [ExportedTokenizerStep.StringLower, ExportedTokenizerStep.StaticRegexReplace, "StringSplit"];

    public static ExportedTokenizer Read(string versionDirectory)
    {
        string file = Path.Combine(versionDirectory, ServingContract.SavedModelFile);
        var metaGraph = SavedModel.Parser.ParseFrom(File.ReadAllBytes(file)).MetaGraphs.Single(m => m.MetaInfoDef.Tags.Contains(ServingContract.ServeTag));
        var graph = metaGraph.GraphDef;
        var nodes = graph.Node.ToDictionary(n => n.Name, StringComparer.Ordinal);
        var signature = metaGraph.SignatureDef[ServingContract.TokenizeSignature];
        var tokenIds = signature.Outputs[ServingContract.TokenIdsOutput];

        // Follow output 0 from the text placeholder through the string ops until StringSplit.
        var steps = new List<ExportedTokenizerStep>();
        string current = NodeOf(signature.Inputs[ServingContract.TextInput].Name);
        NodeDef split;
        while (true)
        {
            var next = graph.Node.Where(n => ChainOps.Contains(n.Op) && n.Input.Count > 0 && IsOutputZeroOf(n.Input[0], current)).ToList();
            if (next.Count != 1)
                throw new InvalidDataException($"{file}: \"{current}\" feeds {next.Count} tokenizer ops ({string.Join(", ", next.Select(n => n.Name))}); the tokenizer must be one chain.");
            var node = next[0];
            if (node.Op == "StringSplit")
            {
                split = node;
                break;
            }
            steps.Add(new ExportedTokenizerStep(
                node.Name, node.Op,
                Attr(node, "encoding")?.S ?? ByteString.Empty,
                Attr(node, "pattern")?.S ?? ByteString.Empty,
                Attr(node, "rewrite")?.S ?? ByteString.Empty,
                Attr(node, "replace_global")?.B ?? true));
            current = node.Name;
        }

        int regexNodes = graph.Node.Count(n => n.Op == ExportedTokenizerStep.StaticRegexReplace);
        int onChain = steps.Count(s => s.Op == ExportedTokenizerStep.StaticRegexReplace);
        if (regexNodes != onChain)
            throw new InvalidDataException($"{file}: {regexNodes} StaticRegexReplace nodes, but only {onChain} lie between the text input and StringSplit.");

        // The one table lookup the token ids depend on, and the import that fills that table.
        var closure = BackwardClosure(nodes, NodeOf(tokenIds.Name));
        var find = closure.Select(name => nodes[name]).Single(n => n.Op == "LookupTableFindV2");
        string table = NodeOf(find.Input[0]);
        var import = graph.Node.Single(n => n.Op == "LookupTableImportV2" && NodeOf(n.Input[0]) == table);
        var keys = ConstOf(nodes, import.Input[1]).StringVal;
        long[] ids = Int64Values(ConstOf(nodes, import.Input[2]));
        if (keys.Count != ids.Length) throw new InvalidDataException($"{file}: the table import has {keys.Count} keys but {ids.Length} ids.");

        return new ExportedTokenizer(
            steps,
            ConstOf(nodes, split.Input[1]).StringVal.Single(),
            Attr(split, "skip_empty")?.B ?? true,
            [.. keys.Zip(ids)],
            Int64Values(ConstOf(nodes, find.Input[2])).Single(),
            checked((int)tokenIds.TensorShape.Dim[1].Size));
    }

    private static AttrValue? Attr(NodeDef node, string name) => node.Attr.TryGetValue(name, out var value) ? value : null;

    private static string NodeOf(string input) => input.TrimStart('^').Split(':')[0];

    private static bool IsOutputZeroOf(string input, string node) => input == node || input == node + ":0";

    private static TensorProto ConstOf(Dictionary<string, NodeDef> nodes, string input)
    {
        var node = nodes[NodeOf(input)];
        if (node.Op != "Const") throw new InvalidDataException($"\"{node.Name}\" is a {node.Op}, a Const was expected.");
        return node.Attr["value"].Tensor;
    }

    private static long[] Int64Values(TensorProto tensor) =>
        tensor.TensorContent.IsEmpty ? [.. tensor.Int64Val] : MemoryMarshal.Cast<byte, long>(tensor.TensorContent.Span).ToArray();

    private static HashSet<string> BackwardClosure(Dictionary<string, NodeDef> nodes, string root)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<string>([root]);
        while (stack.TryPop(out string? name))
        {
            if (!seen.Add(name)) continue;
            foreach (string input in nodes[name].Input) stack.Push(NodeOf(input));
        }
        return seen;
    }
}
