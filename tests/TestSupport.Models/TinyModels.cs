using System.Collections.Concurrent;

namespace TwitterSentiment.TestSupport.Models;

/// <summary>
/// The tiny trained models every test project shares: real runs of the Trainer (<see cref="TinyModelRecipe"/>) with
/// real facts, built once per code version on this machine (<see cref="TinyModelCache"/>) and once per process loaded.
/// The first use of a kind costs its training (seconds); every later one, in any test process, reads the cache.
/// </summary>
public static class TinyModels
{
    private static readonly Lazy<TinyModelCache> Cache = new(TinyModelCache.ForThisCode);
    private static readonly ConcurrentDictionary<TinyModelKind, Lazy<TinyModel>> Loaded = new();

    /// <summary>With a lexicon; version 1 (stable) in <see cref="WriteServed"/>.</summary>
    public static TinyModel Lexicon => Get(TinyModelKind.Lexicon);

    /// <summary>Without a lexicon; version 2 (canary) in <see cref="WriteServed"/>.</summary>
    public static TinyModel Plain => Get(TinyModelKind.Plain);

    /// <summary>A bidirectional LSTM without a lexicon.</summary>
    public static TinyModel Bidirectional => Get(TinyModelKind.Bidirectional);

    public static TinyModel Get(TinyModelKind kind) =>
        Loaded.GetOrAdd(kind, k => new Lazy<TinyModel>(() => Build(Cache.Value, k))).Value;

    /// <summary>
    /// Writes <c><paramref name="directory"/>/sentiment/1</c> (<see cref="Lexicon"/>), with <paramref name="versions"/> = 2 also
    /// <c>…/2</c> (<see cref="Plain"/>), and <c><paramref name="directory"/>/models.config</c> serving them all, labelled
    /// stable → 1 (and canary → 2). The copies are the test's own: it may add, remove or break versions.
    /// </summary>
    public static ServedTinyModels WriteServed(string directory, int versions = 2)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(versions, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(versions, 2);
        string basePath = Path.Combine(directory, TinyModelRecipe.ModelName);
        var served = new Dictionary<long, TinyModel> { [1] = Lexicon };
        var labels = new Dictionary<string, long> { [ServedTinyModels.StableLabel] = 1 };
        if (versions == 2)
        {
            served[2] = Plain;
            labels[ServedTinyModels.CanaryLabel] = 2;
        }

        foreach (var (version, model) in served)
        {
            model.AddVersionTo(basePath, version);
        }

        string config = ModelServerConfig.Write(Path.Combine(directory, "models.config"), TinyModelRecipe.ModelName, basePath, labels);
        return new ServedTinyModels(basePath, config, served, labels);
    }

    /// <summary>The model of <paramref name="kind"/> from <paramref name="cache"/>, trained into it first if no process has yet.</summary>
    public static TinyModel Build(TinyModelCache cache, TinyModelKind kind)
    {
        ArgumentNullException.ThrowIfNull(cache);
        return new TinyModel(kind, cache.GetOrBuild(TinyModelRecipe.Name(kind), folder => TinyModelTrainer.Train(kind, folder)));
    }
}
