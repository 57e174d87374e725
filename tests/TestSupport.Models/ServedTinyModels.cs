namespace TwitterSentiment.TestSupport.Models;

/// <summary>
/// A model base path of a test's own holding tiny models as versions (1: <see cref="TinyModels.Lexicon"/>, 2:
/// <see cref="TinyModels.Plain"/>), and a TF Serving model config file that serves every version with the labels
/// stable → 1 and canary → 2: what <c>--model_config_file</c> gives serving/local-server or tensorflow_model_server.
/// </summary>
public sealed record ServedTinyModels(string BasePath, string ModelConfigFile, IReadOnlyDictionary<long, TinyModel> Versions, IReadOnlyDictionary<string, long> Labels)
{
    public const string StableLabel = "stable";
    public const string CanaryLabel = "canary";

    public string ModelName => TinyModelRecipe.ModelName;

    /// <summary>The version a request without a version or label gets.</summary>
    public long LatestVersion => Versions.Keys.Max();

    public TinyModel Latest => Versions[LatestVersion];

    /// <summary>serving/local-server with <see cref="ModelConfigFile"/> on a free port, returned once every version is AVAILABLE.</summary>
    public Task<LocalServerProcess> StartLocalServerAsync(IEnumerable<string>? moreArguments = null, CancellationToken cancellationToken = default) =>
        LocalServerProcess.StartServingConfigAsync(ModelConfigFile, ModelName, Versions.Count, moreArguments, cancellationToken);
}
