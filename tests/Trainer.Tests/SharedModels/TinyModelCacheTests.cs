namespace TwitterSentiment.Trainer.Tests.SharedModels;

/// <summary>
/// The cache behind the shared tiny models, with a stand-in build: a folder is built once however many processes ask
/// (each caller here opens the lock file on its own, as another process would), never half, and again after a crash.
/// </summary>
public sealed class TinyModelCacheTests : IDisposable
{
    private TempDirectory _root = null!;

    [SetUp]
    public void CreateRoot() => _root = new TempDirectory("tiny-model-cache");

    [TearDown]
    public void Dispose() => _root?.Dispose();

    [Test]
    public void A_folder_is_built_once_and_then_read()
    {
        int builds = 0;
        var cache = new TinyModelCache(_root.Path);

        string first = cache.GetOrBuild("model", folder => { builds++; File.WriteAllText(Path.Combine(folder, "weights"), "w"); });
        string second = new TinyModelCache(_root.Path).GetOrBuild("model", _ => builds++);

        Assert.That(builds, Is.EqualTo(1));
        Assert.That(second, Is.EqualTo(first));
        Assert.That(File.ReadAllText(Path.Combine(second, "weights")), Is.EqualTo("w"));
        Assert.That(TinyModelCache.IsComplete(first), Is.True);
    }

    [Test]
    public void Callers_that_ask_while_a_build_runs_wait_for_it_instead_of_building_again()
    {
        int builds = 0;
        using var release = new ManualResetEventSlim();
        using var start = new Barrier(4);

        var callers = Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            start.SignalAndWait();
            return new TinyModelCache(_root.Path).GetOrBuild("model", _ =>
            {
                Interlocked.Increment(ref builds);
                release.Wait(TimeSpan.FromMinutes(1));
            });
        })).ToArray();
        SpinWait.SpinUntil(() => Volatile.Read(ref builds) > 0, TimeSpan.FromMinutes(1));
        release.Set();
        string[] folders = Task.WhenAll(callers).GetAwaiter().GetResult();

        Assert.That(builds, Is.EqualTo(1));
        Assert.That(folders.Distinct().ToArray(), Has.Length.EqualTo(1));
    }

    [Test]
    public void A_build_held_by_another_process_is_waited_for_and_never_done_twice()
    {
        Directory.CreateDirectory(_root.Path);
        using var otherProcess = new FileStream(_root.File("model.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        bool built = false;
        var cache = new TinyModelCache(_root.Path) { LockTimeout = TimeSpan.FromMilliseconds(300) };

        var error = Assert.Throws<TimeoutException>(() => cache.GetOrBuild("model", _ => built = true));

        Assert.That(built, Is.False);
        Assert.That(error?.Message, Does.Contain("model.lock"));
    }

    [Test]
    public void An_interrupted_build_is_thrown_away_and_built_again()
    {
        Directory.CreateDirectory(_root.File("model"));
        File.WriteAllText(_root.File("model", "half-written"), "");
        int builds = 0;

        string folder = new TinyModelCache(_root.Path).GetOrBuild("model", _ => builds++);

        Assert.That(builds, Is.EqualTo(1));
        Assert.That(File.Exists(Path.Combine(folder, "half-written")), Is.False);
        Assert.That(TinyModelCache.IsComplete(folder), Is.True);
    }

    [Test]
    public void A_failed_build_leaves_nothing_behind_and_the_next_caller_builds()
    {
        var cache = new TinyModelCache(_root.Path);

        Assert.Throws<InvalidOperationException>(() => cache.GetOrBuild("model", _ => throw new InvalidOperationException("no disk")));
        Assert.That(Directory.Exists(_root.File("model")), Is.False);

        Assert.That(TinyModelCache.IsComplete(cache.GetOrBuild("model", _ => { })), Is.True);
    }
}
