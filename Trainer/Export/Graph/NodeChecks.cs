using TwitterSentiment.Trainer.Export.Proto;

namespace TwitterSentiment.Trainer.Export.Graph;

/// <summary>
/// What one NodeDef must satisfy on its own, read from its <see cref="OpDefinition"/>: declared attrs of the right
/// kind and allowed values, every required attr, nothing newer than older serving binaries, and a Const's value
/// matching its dtype and shape. <see cref="GraphBuilder"/> applies it to each node it adds and
/// <see cref="GraphValidator"/> to each node of a graph.
/// </summary>
public static class NodeChecks
{
    /// <param name="where">How messages name the node, e.g. <c>Node "x" (Placeholder)</c>.</param>
    /// <returns>Every problem found, one sentence each; empty when the node is valid.</returns>
    public static IReadOnlyList<string> Check(NodeDef node, OpDefinition op, string where)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(op);
        var errors = new List<string>();
        if (node.Device.Length > 0) errors.Add($"{where}: device must be empty, is \"{node.Device}\".");
        CheckAttrs(node, op, where, errors);
        if (op.Name == "Const") CheckConst(node, where, errors);
        return errors;
    }

    private static void CheckAttrs(NodeDef node, OpDefinition op, string where, List<string> errors)
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
            CheckAttrValue(definition, value, where, errors);
        }
        foreach (var definition in op.Attrs)
        {
            if (!definition.HasDefault && !node.Attr.ContainsKey(definition.Name))
                errors.Add($"{where}: required attr \"{definition.Name}\" is missing.");
        }
    }

    private static void CheckAttrValue(AttrDefinition definition, AttrValue value, string where, List<string> errors)
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

    private static void CheckConst(NodeDef node, string where, List<string> errors)
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
}
