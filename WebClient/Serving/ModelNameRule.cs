namespace TwitterSentiment.WebClient.Serving;

/// <summary>
/// The trainer's model-name rule (<c>ServingContract.IsValidModelName</c> in Trainer/), restated here because the
/// site does not reference the trainer; WebClient.Tests proves the two agree. A name is a segment of TF Serving's
/// REST path (no '/' or ':') and the model's folder under the base path (no '\', not blank, not "." or "..").
/// </summary>
public static class ModelNameRule
{
    public const string Message = "ModelName must not contain '/' or ':'. It is also the model's folder: not blank, no '\\', not '.' or '..'.";

    private static readonly char[] Forbidden = ['/', '\\', ':'];

    public static bool IsValid(string? name) =>
        !string.IsNullOrWhiteSpace(name) && name.IndexOfAny(Forbidden) < 0 && name is not "." and not "..";
}
