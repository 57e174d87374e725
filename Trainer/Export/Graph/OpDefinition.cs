using TwitterSentiment.Trainer.Export.Proto;

namespace TwitterSentiment.Trainer.Export.Graph;

/// <summary>The value kind an attr holds, as TensorFlow's <c>OpDef.AttrDef.type</c> names it.</summary>
public enum AttrKind
{
    TypeValue,
    IntValue,
    BoolValue,
    StringValue,
    ShapeValue,
    TensorValue,
}

/// <summary>
/// One input or output of an op: either a fixed <paramref name="FixedType"/> or the type held by the attr
/// <paramref name="TypeAttr"/>; <paramref name="NumberAttr"/> names the int attr that repeats it N times.
/// </summary>
public sealed record ArgDefinition(string Name, DataType? FixedType = null, string? TypeAttr = null, string? NumberAttr = null);

/// <summary>
/// One attr of an op. <paramref name="HasDefault"/> attrs may be omitted (TensorFlow adds the default at load);
/// <paramref name="AllowedTypes"/>/<paramref name="AllowedStrings"/> restrict values; <paramref name="Minimum"/>
/// bounds ints. <paramref name="NewerThanServing"/> marks attrs that recent TensorFlow registers but older
/// serving binaries reject as unknown: they must never be emitted.
/// </summary>
public sealed record AttrDefinition(
    string Name,
    AttrKind Kind,
    bool HasDefault = false,
    IReadOnlyList<DataType>? AllowedTypes = null,
    IReadOnlyList<string>? AllowedStrings = null,
    long? Minimum = null,
    bool NewerThanServing = false);

/// <summary>The facts of one TensorFlow op registration (<c>OpDef</c>) that a NodeDef must satisfy.</summary>
public sealed record OpDefinition(
    string Name,
    IReadOnlyList<ArgDefinition> Inputs,
    IReadOnlyList<ArgDefinition> Outputs,
    IReadOnlyList<AttrDefinition> Attrs,
    bool IsStateful = false)
{
    public AttrDefinition? FindAttr(string name) => Attrs.FirstOrDefault(attr => attr.Name == name);
}
