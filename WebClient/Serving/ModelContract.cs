namespace TwitterSentiment.WebClient.Serving;

/// <summary>
/// What the site expects of the served model, restated from the trainer's <c>ServingContract</c> (Trainer/) because
/// the site does not reference the trainer; WebClient.Tests proves each name and the model-name rule agree with it.
/// </summary>
public static class ModelContract
{
    public const string ModelName = "sentiment";
    public const string ServingSignature = "serving_default";
    public const string TokenizeSignature = "tokenize";
    public const string ModelInfoSignature = "model_info";
    public const string ProbabilityOutput = "probability";
    public const string LabelOutput = "label";
    public const string TokenIdsOutput = "token_ids";
    public const string ModelInfoOutput = "model_info";

    public const string ModelNameMessage = "ModelName must not contain '/' or ':'. It is also the model's folder: not blank, no '\\', not '.' or '..'.";

    private static readonly char[] ModelNameForbidden = ['/', '\\', ':'];

    /// <summary>
    /// A segment of TF Serving's REST path (no '/' or ':') and the model's folder under the base path (no '\', not
    /// blank, not "." or "..").
    /// </summary>
    public static bool IsValidModelName(string? name) =>
        !string.IsNullOrWhiteSpace(name) && name.IndexOfAny(ModelNameForbidden) < 0 && name is not "." and not "..";
}
