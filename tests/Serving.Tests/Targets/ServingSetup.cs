using TwitterSentiment.Contracts;

namespace TwitterSentiment.Serving.Tests.Targets;

/// <summary>
/// What a target serves: model "sentiment" from a host folder of numeric version folders, and optional version
/// labels (written into a ModelServerConfig file, with labels allowed before the versions load).
/// </summary>
internal sealed record ServingSetup(string ModelBasePath)
{
    public const string ModelName = ServingContract.ModelName;

    public IReadOnlyDictionary<string, long> Labels { get; init; } = new Dictionary<string, long>();

    /// <summary>TF Serving's text-format model config for this setup, with <paramref name="basePath"/> as the server sees it.</summary>
    public string ModelConfigText(string basePath) => ModelServerConfig.Text(ModelName, basePath, Labels);
}
