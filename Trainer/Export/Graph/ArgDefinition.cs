using TwitterSentiment.Trainer.Export.Proto;

namespace TwitterSentiment.Trainer.Export.Graph;

/// <summary>
/// One input or output of an op: either a fixed <paramref name="FixedType"/> or the type held by the attr
/// <paramref name="TypeAttr"/>; <paramref name="NumberAttr"/> names the int attr that repeats it N times.
/// </summary>
public sealed record ArgDefinition(string Name, DataType? FixedType = null, string? TypeAttr = null, string? NumberAttr = null);
