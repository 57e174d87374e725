namespace TwitterSentiment.Trainer.Tracking;

/// <summary>One logged value of a metric; <paramref name="TimestampMs"/> is milliseconds since the Unix epoch.</summary>
public sealed record MetricPoint(string Key, double Value, long Step, long TimestampMs);
