namespace TwitterSentiment.Trainer;

/// <summary>
/// The names TensorFlow Serving, the local server (serving/) and the web client agree on with the exporter, once.
/// </summary>
public static class ServingContract
{
    /// <summary>The model name the trainer exports and the clients ask for by default.</summary>
    public const string ModelName = "sentiment";

    /// <summary>The model base path, relative to the repository root: versions go to &lt;base&gt;/&lt;model name&gt;/&lt;N&gt;/.</summary>
    public const string ModelBasePath = "serving/models";
}
