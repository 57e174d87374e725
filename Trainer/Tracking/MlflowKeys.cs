namespace TwitterSentiment.Trainer.Tracking;

/// <summary>
/// MLflow's rules for metric, param and tag keys: characters <c>[/\w.\- ]</c>, at most 250 characters, and
/// "path-unique" (no empty, <c>.</c> or <c>..</c> segment, no leading or trailing slash) because a key becomes a
/// relative file path in the file store. The colon that MLflow 2.x rejects (and Windows never allows) is rejected
/// too, so every MLflow version can read what we write.
/// </summary>
public static class MlflowKeys
{
    public static void Validate(string key, string kind)
    {
        if (Explain(key) is { } problem)
            throw new TrackingException($"Invalid {kind} key '{key}': {problem}.");
    }

    /// <summary>Why <paramref name="key"/> is not a valid MLflow key, or null when it is.</summary>
    public static string? Explain(string key)
    {
        if (key.Length == 0)
            return "it is empty";
        if (key.Length > MlflowLimits.MaxKeyLength)
            return $"it has {key.Length} characters, MLflow allows at most {MlflowLimits.MaxKeyLength}";
        foreach (char c in key)
        {
            if (!IsAllowed(c))
                return $"the character '{c}' is not allowed (only letters, digits, '_', '-', '.', ' ' and '/')";
        }

        if (key.StartsWith('/'))
            return "it must not start with '/'";
        if (key.StartsWith("..", StringComparison.Ordinal))
            return "it must not start with '..'";
        foreach (string segment in key.Split('/'))
        {
            if (segment.Length == 0)
                return "it must not contain '//' or end with '/'";
            if (segment is "." or "..")
                return "it must not contain '.' or '..' path segments";
        }

        return null;
    }

    // Python's Unicode \w and .NET's disagree at the edges (marks, letter-like numbers); accept only what both
    // call a word character: letters, decimal digits and '_'.
    private static bool IsAllowed(char c) =>
        char.IsLetter(c) || char.IsDigit(c) || c is '_' or '/' or '.' or '-' or ' ';
}
