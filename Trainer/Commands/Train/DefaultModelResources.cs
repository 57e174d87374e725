using TwitterSentiment.Trainer.Data;
using TwitterSentiment.Trainer.Lexicon;

namespace TwitterSentiment.Trainer.Commands.Train;

/// <summary>
/// What the default model uses that is not in the repository, each with the options that ask for it: <c>train</c>
/// fetches the ones a run wants on first use (<see cref="FirstUseFetch"/>). A new part of the default model is one
/// more entry here (the pretrained vectors, once the default model uses them:
/// <c>new(settings => …, directory => EmbeddingsCatalog.…Resource(directory))</c>).
/// </summary>
public static class DefaultModelResources
{
    /// <summary>The default model's resources, in the order they are fetched.</summary>
    public static IReadOnlyList<DefaultModelResource> All { get; } =
    [
        // VADER's lexicon, unless --lexicon names a file or none, or --lexicon-weight is 0.
        new(settings => settings.LexiconWeight != 0 && (settings.Lexicon is null || settings.Lexicon.Equals(LexiconCatalog.Vader, StringComparison.OrdinalIgnoreCase)),
            startDirectory => LexiconCatalog.VaderResource(startDirectory)),
    ];

    /// <summary>The resources <paramref name="settings"/> ask for (by leaving the options at their defaults, or by name).</summary>
    public static IReadOnlyList<ModelResource> WantedBy(TrainSettings settings, string? startDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return [.. All.Where(resource => resource.IsWanted(settings)).Select(resource => resource.For(startDirectory))];
    }
}

/// <summary>One entry of <see cref="DefaultModelResources"/>.</summary>
/// <param name="IsWanted">Whether a run with these settings uses it.</param>
/// <param name="For">The resource, cached under the data folder of the repository around the given directory (the current one when null).</param>
public sealed record DefaultModelResource(Func<TrainSettings, bool> IsWanted, Func<string?, ModelResource> For);
