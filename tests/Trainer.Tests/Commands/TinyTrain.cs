namespace TwitterSentiment.Trainer.Tests.Commands;

/// <summary>The `train` options the command tests share: a model that trains in about a second.</summary>
internal static class TinyTrain
{
    /// <summary>Without the lexicon and the bag of vectors: nothing is read from data/ nor fetched on first use (the GloVe file alone is 134 MiB).</summary>
    public static readonly string[] NoResources = ["--lexicon", "none", "--bag-of-vectors", "none"];

    /// <summary>A tiny architecture, one thread, two epochs; the default resources as the command would use them.</summary>
    public static readonly string[] WithResources =
        ["--epochs", "2", "--sequence-length", "12", "--embedding-dim", "8", "--lstm-units", "8", "--batch-size", "32", "--threads", "1"];

    /// <summary><see cref="WithResources"/> without them: what every test that is not about the resources trains.</summary>
    public static readonly string[] Model = [.. WithResources, .. NoResources];
}
