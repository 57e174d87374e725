using System.Diagnostics;
using System.Text;
using TwitterSentiment.Trainer.Modeling;
using TwitterSentiment.Trainer.Tests.Commands;

namespace TwitterSentiment.Trainer.Tests.Modeling;

/// <summary>
/// The wait policy reaches libgomp: the real trainer runs as a process with OMP_DISPLAY_ENV=VERBOSE, which makes
/// libgomp print the settings it read when libtorch loaded (its spin count: 0 passive, 300000 its default, 3·10¹⁰
/// active).
/// </summary>
public sealed class TorchThreadsTests
{
    [TestCase("passive", null, 2, "GOMP_SPINCOUNT = '0'")]
    [TestCase("active", "PASSIVE", 2, "GOMP_SPINCOUNT = '30000000000'")]
    [TestCase("spin", "PASSIVE", 2, "GOMP_SPINCOUNT = '300000'")]
    [TestCase("environment", null, 2, "GOMP_SPINCOUNT = '300000'")]
    [TestCase("environment", "PASSIVE", 2, "GOMP_SPINCOUNT = '0'")]
    [TestCase("auto", "ACTIVE", 1, "GOMP_SPINCOUNT = '0'")] // one thread waits for no other: passive, whatever the environment says
    public async Task The_trainer_sets_libgomps_wait_policy_before_libtorch_loads(string policy, string? environment, int threads, string expected)
    {
        Assume.That(OperatingSystem.IsLinux(), "libtorch uses libgomp on Linux");
        using var folder = new TempDirectory();
        string csv = TweetCsv.Write(folder.File("tweets.csv"), rows: 60);

        string output = await RunTrainerAsync(folder.Path, environment,
            ["train", "--data", csv, "--epochs", "1", .. TinyTrain.NoResources, "--omp-wait-policy", policy, "--threads", threads.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--checkpoint-dir", folder.File("checkpoints"), "--export-dir", folder.File("models"), "--tracking-uri", folder.File("mlruns")]);

        Assert.That(output, Does.Contain(expected));
    }

    [TestCase(2, 1.9, 0.02, OmpWaitPolicy.Spin)]
    [TestCase(2, 1.9, null, OmpWaitPolicy.Spin)]
    [TestCase(2, 1.7, 0.0, OmpWaitPolicy.Passive)]
    [TestCase(2, 2.0, 0.33, OmpWaitPolicy.Passive)]
    [TestCase(1, 2.0, 0.0, OmpWaitPolicy.Passive)]
    [TestCase(4, 3.8, 0.05, OmpWaitPolicy.Spin)]
    public void Auto_spins_only_while_the_threads_have_cores_to_themselves(int threads, double freeCores, double? pressure, OmpWaitPolicy expected)
    {
        Assert.That(TorchThreads.AutoPolicy(threads, freeCores, pressure), Is.EqualTo(expected));
    }

    [Test]
    public void The_free_cores_are_between_none_and_all()
    {
        double idle = TorchThreads.FreeCores(TimeSpan.FromMilliseconds(100));

        Assert.That(idle, Is.InRange(0, Environment.ProcessorCount + 0.01));
    }

    [Test]
    public void Once_libtorch_has_loaded_the_policy_is_reported_as_the_environment_had_it()
    {
        _ = TorchSharp.torch.ones(1); // this test process has loaded libtorch (and libgomp) already

        var settings = TorchThreads.Apply(1, OmpWaitPolicy.Active);

        Assert.That(TorchThreads.OpenMpLoaded(), Is.True);
        Assert.That(settings.SetByTrainer, Is.False);
        Assert.That(settings.WaitPolicy, Is.Not.EqualTo("active"));
    }

    /// <summary>Runs the trainer executable beside the tests with OMP_DISPLAY_ENV=VERBOSE and OMP_WAIT_POLICY as given; stdout + stderr.</summary>
    private static async Task<string> RunTrainerAsync(string directory, string? waitPolicy, params string[] arguments)
    {
        var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "TwitterSentiment.Trainer"))
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
        };
        foreach (string argument in arguments) start.ArgumentList.Add(argument);
        start.Environment["OMP_DISPLAY_ENV"] = "VERBOSE";
        if (waitPolicy is null) start.Environment.Remove("OMP_WAIT_POLICY");
        else start.Environment["OMP_WAIT_POLICY"] = waitPolicy;
        using var process = Process.Start(start) ?? throw new InvalidOperationException("The trainer did not start.");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        string output = await stdout + await stderr;
        Assert.That(process.ExitCode, Is.EqualTo(0), output);
        return output;
    }
}
