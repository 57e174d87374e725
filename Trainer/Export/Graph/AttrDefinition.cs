using TwitterSentiment.Trainer.Export.Proto;

namespace TwitterSentiment.Trainer.Export.Graph;

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
