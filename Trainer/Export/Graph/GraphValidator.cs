using System.Text.RegularExpressions;
using TwitterSentiment.Trainer.Export.Proto;

namespace TwitterSentiment.Trainer.Export.Graph;

/// <summary>
/// Checks every NodeDef of a GraphDef against <see cref="OpRegistry"/> the way TensorFlow's loader does when it
/// turns a GraphDef into a Graph — plus the rules that keep TensorFlow.js and older serving binaries in
/// agreement. No TensorFlow runs here, so this is what stands between a typo and a model that fails to load.
/// </summary>
public static partial class GraphValidator
{
    /// <summary>Ops whose N inputs TensorFlow.js takes from the input list, so a control input corrupts them.</summary>
    private static readonly HashSet<string> NoControlInputOps = ["ConcatV2", "Pack", "AddN", "IdentityN"];

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
            outputTypes[name] = OpRegistry.Find(node.Op) is { } op ? OutputTypes(op, node) : null;
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
            if (OpRegistry.Find(node.Op) is { } op && OutputTypes(op, node) is { } outputs) types[node.Name] = outputs;
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
        if (node.Device.Length > 0) errors.Add($"{where}: device must be empty, is \"{node.Device}\".");

        ValidateAttrs(node, op, where, errors);
        if (op.Name == "Const") ValidateConst(node, where, errors);

        // Inputs: data inputs first, then ^control inputs.
        var dataInputs = new List<string>();
        bool seenControl = false;
        foreach (string input in node.Input)
        {
            if (input.StartsWith('^'))
            {
                seenControl = true;
                if (!nodes.ContainsKey(input[1..])) errors.Add($"{where}: control input \"{input}\" names no node.");
                if (NoControlInputOps.Contains(op.Name)) errors.Add($"{where}: control inputs on {op.Name} are not allowed (TensorFlow.js miscounts its inputs).");
                continue;
            }
            if (seenControl) errors.Add($"{where}: data input \"{input}\" comes after a control input.");
            dataInputs.Add(input);
        }

        var expected = ExpectedInputTypes(op, node);
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

    private static void ValidateAttrs(NodeDef node, OpDefinition op, string where, List<string> errors)
    {
        foreach (var (name, value) in node.Attr)
        {
            if (name.StartsWith('_')) continue; // internal attrs such as _output_shapes are ignored by TensorFlow
            if (op.FindAttr(name) is not { } definition)
            {
                errors.Add($"{where}: attr \"{name}\" is not declared by {op.Name}.");
                continue;
            }
            if (definition.NewerThanServing)
                errors.Add($"{where}: attr \"{name}\" is unknown to older TensorFlow Serving binaries and must not be emitted.");
            ValidateAttrValue(definition, value, where, errors);
        }
        foreach (var definition in op.Attrs)
        {
            if (!definition.HasDefault && !node.Attr.ContainsKey(definition.Name))
                errors.Add($"{where}: required attr \"{definition.Name}\" is missing.");
        }
    }

    private static void ValidateAttrValue(AttrDefinition definition, AttrValue value, string where, List<string> errors)
    {
        var expectedCase = definition.Kind switch
        {
            AttrKind.TypeValue => AttrValue.ValueOneofCase.Type,
            AttrKind.IntValue => AttrValue.ValueOneofCase.I,
            AttrKind.BoolValue => AttrValue.ValueOneofCase.B,
            AttrKind.StringValue => AttrValue.ValueOneofCase.S,
            AttrKind.ShapeValue => AttrValue.ValueOneofCase.Shape,
            AttrKind.TensorValue => AttrValue.ValueOneofCase.Tensor,
            _ => throw new ArgumentOutOfRangeException(nameof(definition), definition.Kind, null),
        };
        if (value.ValueCase != expectedCase)
        {
            errors.Add($"{where}: attr \"{definition.Name}\" must hold a {definition.Kind.ToString().Replace("Value", "", StringComparison.Ordinal).ToLowerInvariant()}, holds {DescribeCase(value.ValueCase)}.");
            return;
        }
        if (definition.Kind == AttrKind.TypeValue)
        {
            if (value.Type is DataType.DtInvalid || (int)value.Type >= 100)
                errors.Add($"{where}: attr \"{definition.Name}\" holds the invalid type {value.Type}.");
            else if (definition.AllowedTypes is { } allowed && !allowed.Contains(value.Type))
                errors.Add($"{where}: attr \"{definition.Name}\" = {value.Type} is not one of the allowed types ({string.Join(", ", allowed)}).");
        }
        if (definition.Kind == AttrKind.IntValue && definition.Minimum is { } minimum && value.I < minimum)
            errors.Add($"{where}: attr \"{definition.Name}\" = {value.I} is below its minimum {minimum}.");
        if (definition.Kind == AttrKind.StringValue && definition.AllowedStrings is { } strings && !strings.Contains(value.S.ToStringUtf8()))
            errors.Add($"{where}: attr \"{definition.Name}\" = \"{value.S.ToStringUtf8()}\" is not one of {string.Join(", ", strings)}.");
    }

    private static string DescribeCase(AttrValue.ValueOneofCase valueCase) =>
        valueCase == AttrValue.ValueOneofCase.None ? "nothing (an unset oneof)" : $"a {valueCase.ToString().ToLowerInvariant()}";

    private static void ValidateConst(NodeDef node, string where, List<string> errors)
    {
        if (!node.Attr.TryGetValue("value", out var value) || value.ValueCase != AttrValue.ValueOneofCase.Tensor) return;
        var tensor = value.Tensor;
        if (node.Attr.TryGetValue("dtype", out var dtype) && dtype.ValueCase == AttrValue.ValueOneofCase.Type && dtype.Type != tensor.Dtype)
            errors.Add($"{where}: the value is {tensor.Dtype} but the dtype attr says {dtype.Type}.");
        if (tensor.TensorShape is null || tensor.TensorShape.UnknownRank || tensor.TensorShape.Dim.Any(d => d.Size < 0))
        {
            errors.Add($"{where}: the value's shape must be fully defined.");
            return;
        }
        long elements = tensor.TensorShape.Dim.Aggregate(1L, (product, dim) => product * dim.Size);
        if (tensor.Dtype == DataType.DtString)
        {
            if (!tensor.TensorContent.IsEmpty) errors.Add($"{where}: string values must use string_val, not tensor_content.");
            if (tensor.StringVal.Count > elements) errors.Add($"{where}: {tensor.StringVal.Count} strings for {elements} elements.");
            return;
        }
        if (!tensor.TensorContent.IsEmpty && ElementSize(tensor.Dtype) is { } size && tensor.TensorContent.Length != elements * size)
            errors.Add($"{where}: tensor_content has {tensor.TensorContent.Length} bytes, {elements} × {tensor.Dtype} needs {elements * size}.");
    }

    private static int? ElementSize(DataType type) => type switch
    {
        DataType.DtFloat or DataType.DtInt32 or DataType.DtUint32 => 4,
        DataType.DtDouble or DataType.DtInt64 or DataType.DtUint64 => 8,
        DataType.DtBool or DataType.DtInt8 or DataType.DtUint8 => 1,
        DataType.DtInt16 or DataType.DtUint16 or DataType.DtHalf or DataType.DtBfloat16 => 2,
        _ => null,
    };

    /// <summary>The dtype of every data input the node must have (null when the attrs do not say).</summary>
    private static List<DataType?>? ExpectedInputTypes(OpDefinition op, NodeDef node)
    {
        var types = new List<DataType?>();
        foreach (var arg in op.Inputs)
        {
            int? count = RepeatCount(arg, node);
            if (count is null) return null;
            DataType? type = arg.FixedType ?? (arg.TypeAttr is { } attr && node.Attr.TryGetValue(attr, out var value) && value.ValueCase == AttrValue.ValueOneofCase.Type ? value.Type : null);
            for (int i = 0; i < count; i++) types.Add(type);
        }
        return types;
    }

    private static List<DataType>? OutputTypes(OpDefinition op, NodeDef node)
    {
        var types = new List<DataType>();
        foreach (var arg in op.Outputs)
        {
            int? count = RepeatCount(arg, node);
            DataType? type = arg.FixedType ?? (arg.TypeAttr is { } attr && node.Attr.TryGetValue(attr, out var value) && value.ValueCase == AttrValue.ValueOneofCase.Type ? value.Type : null);
            if (count is null || type is null) return null;
            for (int i = 0; i < count; i++) types.Add(type.Value);
        }
        return types;
    }

    private static int? RepeatCount(ArgDefinition arg, NodeDef node)
    {
        if (arg.NumberAttr is null) return 1;
        return node.Attr.TryGetValue(arg.NumberAttr, out var value) && value.ValueCase == AttrValue.ValueOneofCase.I && value.I is >= 0 and <= int.MaxValue
            ? (int)value.I
            : null;
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
