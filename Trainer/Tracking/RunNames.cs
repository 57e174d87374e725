namespace TwitterSentiment.Trainer.Tracking;

/// <summary>MLflow-style random run names (<c>adjective-noun-number</c>, at most 20 characters) for runs nobody named.</summary>
public static class RunNames
{
    private static readonly string[] Adjectives =
    [
        "agile", "bold", "brave", "bright", "calm", "clever", "crisp", "eager", "gentle", "glad",
        "keen", "lucky", "merry", "noble", "quick", "quiet", "rare", "sharp", "sunny", "witty",
    ];

    private static readonly string[] Nouns =
    [
        "ant", "bat", "bear", "crow", "deer", "dove", "eel", "finch", "fox", "frog",
        "hare", "hawk", "lark", "lynx", "mole", "moth", "owl", "seal", "swan", "wren",
    ];

    public static string Generate() =>
        $"{Adjectives[Random.Shared.Next(Adjectives.Length)]}-{Nouns[Random.Shared.Next(Nouns.Length)]}-{Random.Shared.Next(1000)}";
}
