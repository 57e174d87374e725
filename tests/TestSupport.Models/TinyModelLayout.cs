namespace TwitterSentiment.TestSupport.Models;

/// <summary>Where a tiny model's run put each thing, inside its cache folder.</summary>
internal sealed record TinyModelLayout(string Folder, TinyModelKind Kind)
{
    public string Data => Path.Combine(Folder, "data", "tiny-tweets.csv");

    public string Lexicon => Path.Combine(Folder, "data", "tiny-lexicon.txt");

    public string MlflowStore => Path.Combine(Folder, "mlruns");

    public string Checkpoints => Path.Combine(Folder, "checkpoints");

    public string Checkpoint => Path.Combine(Checkpoints, TinyModelRecipe.RunName(Kind));

    public string Models => Path.Combine(Folder, "models");

    /// <summary>The run's export, the first version under a fresh base path.</summary>
    public string SavedModel => Path.Combine(Models, TinyModelRecipe.ModelName, "1");
}
