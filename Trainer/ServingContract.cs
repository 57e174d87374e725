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

    /// <summary>What <see cref="IsValidModelName"/> accepts, for messages: "--model-name must be …".</summary>
    public const string ModelNameRule = "one folder name, not blank, without '/', '\\' or ':'";

    private static readonly char[] ModelNameForbidden = ['/', '\\', ':'];

    /// <summary>
    /// A model name is a segment of TF Serving's REST path (<c>/v1/models/&lt;name&gt;:predict</c>, so no '/' or ':')
    /// and the folder under the model base path that holds its versions (so no '\', not blank, not "." or "..").
    /// The web client checks its configured name by the same rule (WebClient.Tests proves they agree).
    /// </summary>
    public static bool IsValidModelName(string? name) =>
        !string.IsNullOrWhiteSpace(name) && name.IndexOfAny(ModelNameForbidden) < 0 && name is not "." and not "..";
}
