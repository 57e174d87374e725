using TwitterSentiment.Trainer.Export.Proto;

namespace TwitterSentiment.Trainer.Export.Graph;

/// <summary>
/// The facts of one TensorFlow op registration (<c>OpDef</c>) that a NodeDef must satisfy. <paramref name="Attrs"/>
/// are in the order <see cref="GraphBuilder"/> writes them. <paramref name="NoControlInputs"/>: TensorFlow.js takes
/// this op's N inputs from the whole input list, so a control input would corrupt them.
/// </summary>
public sealed record OpDefinition(
    string Name,
    IReadOnlyList<ArgDefinition> Inputs,
    IReadOnlyList<ArgDefinition> Outputs,
    IReadOnlyList<AttrDefinition> Attrs,
    bool IsStateful = false,
    bool NoControlInputs = false)
{
    public AttrDefinition? FindAttr(string name) => Attrs.FirstOrDefault(attr => attr.Name == name);

    /// <summary>The dtype of every data input a node with these attrs takes (an entry is null when its type attr is unset); null when a repeat count is unset.</summary>
    public IReadOnlyList<DataType?>? InputTypes(IReadOnlyDictionary<string, AttrValue> attrs)
    {
        ArgumentNullException.ThrowIfNull(attrs);
        var types = new List<DataType?>();
        foreach (var arg in Inputs)
        {
            if (RepeatCount(arg, attrs) is not { } count) return null;
            var type = ArgType(arg, attrs);
            for (int i = 0; i < count; i++) types.Add(type);
        }
        return types;
    }

    /// <summary>The dtype of every output of a node with these attrs; null when an attr they depend on is unset.</summary>
    public IReadOnlyList<DataType>? OutputTypes(IReadOnlyDictionary<string, AttrValue> attrs)
    {
        ArgumentNullException.ThrowIfNull(attrs);
        var types = new List<DataType>();
        foreach (var arg in Outputs)
        {
            if (RepeatCount(arg, attrs) is not { } count || ArgType(arg, attrs) is not { } type) return null;
            for (int i = 0; i < count; i++) types.Add(type);
        }
        return types;
    }

    /// <summary>How many tensors the arg stands for: 1, or the value of its number attr (null when unset or out of range).</summary>
    public static int? RepeatCount(ArgDefinition arg, IReadOnlyDictionary<string, AttrValue> attrs)
    {
        ArgumentNullException.ThrowIfNull(arg);
        ArgumentNullException.ThrowIfNull(attrs);
        if (arg.NumberAttr is null) return 1;
        return attrs.TryGetValue(arg.NumberAttr, out var value) && value.ValueCase == AttrValue.ValueOneofCase.I && value.I is >= 0 and <= int.MaxValue
            ? (int)value.I
            : null;
    }

    private static DataType? ArgType(ArgDefinition arg, IReadOnlyDictionary<string, AttrValue> attrs) =>
        arg.FixedType ?? (arg.TypeAttr is { } attr && attrs.TryGetValue(attr, out var value) && value.ValueCase == AttrValue.ValueOneofCase.Type ? value.Type : null);
}
