using System.Text.RegularExpressions;
using TwitterSentiment.Trainer.Export.Proto;

namespace TwitterSentiment.Trainer.Export.Graph;

/// <summary>
/// Checks a GraphDef the way TensorFlow's loader does when it turns a GraphDef into a Graph — plus the rules that
/// keep TensorFlow.js and older serving binaries in agreement. Each node is checked on its own by
/// <see cref="NodeChecks"/> (from its <see cref="OpRegistry"/> entry); this adds what only the whole graph shows:
/// unique valid names, known ops, inputs that exist with the dtypes their op expects, control inputs last, no
/// cycles. No TensorFlow runs here, so this is what stands between a typo and a model that fails to load.
/// </summary>
public static partial class GraphValidator
{
    /// <returns>Every problem found, one sentence each; empty when the graph is valid.</returns>
    public static IReadOnlyList<string> Validate(GraphDef graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var errors = new List<string>();
        var nodes = new Dictionary<string, NodeDef>(StringComparer.Ordinal);
        foreach (var node in graph.Node)
        {
            if (!NodeNamePattern().IsMatch(node.Name))
                errors.Add($"Node name \"{node.Name}\" is not a valid TensorFlow node name.");
            if (!nodes.TryAdd(node.Name, node))
                errors.Add($"Two nodes are named \"{node.Name}\".");
        }

        var outputTypes = new Dictionary<string, IReadOnlyList<DataType>?>(StringComparer.Ordinal);
        foreach (var (name, node) in nodes)
        {
            outputTypes[name] = OpRegistry.Find(node.Op)?.OutputTypes(node.Attr);
        }

        foreach (var node in graph.Node)
        {
            ValidateNode(node, nodes, outputTypes, errors);
        }
        if (errors.Count == 0) ValidateAcyclic(graph, errors);
        return errors;
    }

    /// <summary>The dtype of every output of every node whose op is in the table (by node name).</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<DataType>> InferOutputTypes(GraphDef graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var types = new Dictionary<string, IReadOnlyList<DataType>>(StringComparer.Ordinal);
        foreach (var node in graph.Node)
        {
            if (OpRegistry.Find(node.Op)?.OutputTypes(node.Attr) is { } outputs) types[node.Name] = outputs;
        }
        return types;
    }

    public static void ThrowIfInvalid(GraphDef graph)
    {
        var errors = Validate(graph);
        if (errors.Count > 0)
            throw new InvalidOperationException($"The graph is not valid for TensorFlow:{Environment.NewLine}  {string.Join($"{Environment.NewLine}  ", errors)}");
    }

    private static void ValidateNode(
        NodeDef node,
        Dictionary<string, NodeDef> nodes,
        Dictionary<string, IReadOnlyList<DataType>?> outputTypes,
        List<string> errors)
    {
        string where = $"Node \"{node.Name}\" ({node.Op})";
        if (OpRegistry.Find(node.Op) is not { } op)
        {
            errors.Add($"{where}: op \"{node.Op}\" is not one the exporter may emit (not in the OpDef table).");
            return;
        }
        errors.AddRange(NodeChecks.Check(node, op, where));

        // Inputs: data inputs first, then ^control inputs.
        var dataInputs = new List<string>();
        bool seenControl = false;
        foreach (string input in node.Input)
        {
            if (input.StartsWith('^'))
            {
                seenControl = true;
                if (!nodes.ContainsKey(input[1..])) errors.Add($"{where}: control input \"{input}\" names no node.");
                if (op.NoControlInputs) errors.Add($"{where}: control inputs on {op.Name} are not allowed (TensorFlow.js miscounts its inputs).");
                continue;
            }
            if (seenControl) errors.Add($"{where}: data input \"{input}\" comes after a control input.");
            dataInputs.Add(input);
        }

        var expected = op.InputTypes(node.Attr);
        if (expected is null) return; // attr errors already reported
        if (expected.Count != dataInputs.Count)
        {
            errors.Add($"{where}: has {dataInputs.Count} data inputs, the op takes {expected.Count}.");
            return;
        }
        for (int i = 0; i < expected.Count; i++)
        {
            var (sourceName, index) = ParseInput(dataInputs[i]);
            if (!nodes.ContainsKey(sourceName))
            {
                errors.Add($"{where}: input {i} \"{dataInputs[i]}\" names no node.");
                continue;
            }
            if (outputTypes[sourceName] is not { } sourceTypes) continue; // the source's own error is reported
            if (index < 0 || index >= sourceTypes.Count)
            {
                errors.Add($"{where}: input {i} \"{dataInputs[i]}\" refers to output {index}, but \"{sourceName}\" has {sourceTypes.Count} outputs.");
                continue;
            }
            if (expected[i] is { } type && sourceTypes[index] != type)
                errors.Add($"{where}: input {i} \"{dataInputs[i]}\" is {sourceTypes[index]}, the op expects {type}.");
        }
    }

    private static (string Node, int Index) ParseInput(string input)
    {
        int colon = input.LastIndexOf(':');
        if (colon < 0) return (input, 0);
        return int.TryParse(input.AsSpan(colon + 1), out int index) ? (input[..colon], index) : (input, -1);
    }

    private static void ValidateAcyclic(GraphDef graph, List<string> errors)
    {
        var pending = graph.Node.ToDictionary(n => n.Name, n => n.Input.Select(i => ParseInput(i.TrimStart('^')).Node).Distinct(StringComparer.Ordinal).Count(), StringComparer.Ordinal);
        var consumers = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var node in graph.Node)
        {
            foreach (string source in node.Input.Select(i => ParseInput(i.TrimStart('^')).Node).Distinct(StringComparer.Ordinal))
            {
                if (!consumers.TryGetValue(source, out var list)) consumers[source] = list = [];
                list.Add(node.Name);
            }
        }
        var ready = new Queue<string>(pending.Where(p => p.Value == 0).Select(p => p.Key));
        int visited = 0;
        while (ready.TryDequeue(out string? name))
        {
            visited++;
            foreach (string consumer in consumers.GetValueOrDefault(name) ?? [])
            {
                if (--pending[consumer] == 0) ready.Enqueue(consumer);
            }
        }
        if (visited < graph.Node.Count) errors.Add($"The graph has a cycle through {graph.Node.Count - visited} nodes.");
    }

    [GeneratedRegex("^[A-Za-z0-9.][A-Za-z0-9_./-]*$")]
    private static partial Regex NodeNamePattern();
}
