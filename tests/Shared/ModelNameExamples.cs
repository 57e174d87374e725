namespace TwitterSentiment.Tests.Shared;

/// <summary>Model names the trainer's and the site's rule must both accept, and both refuse.</summary>
internal static class ModelNameExamples
{
    public static readonly string[] Valid = ["sentiment", "tweets-v2_final.1", "Ünïcode", "..."];

    public static readonly string?[] Invalid = ["", "   ", "a/b", "a\\b", "a:b", "sentiment:predict", ".", "..", null];
}
