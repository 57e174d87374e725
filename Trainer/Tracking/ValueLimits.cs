namespace TwitterSentiment.Trainer.Tracking;

/// <summary>
/// Over-long param and tag values are truncated with a warning (MLflow's MLFLOW_TRUNCATE_LONG_VALUES behaviour)
/// rather than failing a training run over a description; keys are never truncated.
/// </summary>
internal static class ValueLimits
{
    public static string Truncate(string value, int limit, string what, TextWriter warnings)
    {
        if (value.Length <= limit)
            return value;
        // Do not cut a surrogate pair in half.
        int length = char.IsHighSurrogate(value[limit - 1]) ? limit - 1 : limit;
        warnings.WriteLine($"Tracking: the {what} has {value.Length} characters; MLflow keeps at most {limit}, so it was truncated.");
        return value[..length];
    }
}
