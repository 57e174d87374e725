namespace TwitterSentiment.TestSupport;

/// <summary>Model names the trainer's and the site's rule must both accept, and both refuse.</summary>
public static class ModelNameExamples
{
    public static readonly string[] Valid = ["sentiment", "tweets-v2_final.1", "Ünïcode", "..."];

    public static readonly string?[] Invalid = ["", "   ", "a/b", "a\\b", "a:b", "sentiment:predict", ".", "..", null];
}
