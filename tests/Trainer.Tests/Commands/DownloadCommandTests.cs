using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using TwitterSentiment.Trainer.Data;
using TwitterSentiment.Trainer.Tests.Data;

namespace TwitterSentiment.Trainer.Tests.Commands;

/// <summary>Runs the real trainer executable, as a user would, against a loopback server.</summary>
public sealed class DownloadCommandTests
{
    private string _directory = "";

    [SetUp]
    public void Create() => _directory = Directory.CreateTempSubdirectory("download-cli-").FullName;

    [TearDown]
    public void Delete() => Directory.Delete(_directory, recursive: true);

    private async Task<(int ExitCode, string Output)> RunTrainerAsync(params string[] arguments)
    {
        string executable = Path.Combine(AppContext.BaseDirectory, "TwitterSentiment.Trainer");
        var start = new ProcessStartInfo(OperatingSystem.IsWindows() ? executable + ".exe" : executable)
        {
            WorkingDirectory = _directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
        };
        foreach (string argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("The trainer did not start.");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        // Spectre wraps at the terminal width; compare words, not line breaks.
        return (process.ExitCode, Regex.Replace(await stdout + await stderr, @"\s+", " "));
    }

    [Test]
    public async Task A_missing_archive_exits_with_1_and_a_message_instead_of_a_stack_trace()
    {
        await using var server = new LoopbackHttpServer(LoopbackHttpServer.Status(404));

        var (exitCode, output) = await RunTrainerAsync("download", "--url", new Uri(server.BaseAddress, "x.zip").ToString(), "--output", _directory);

        Assert.That(exitCode, Is.EqualTo(1));
        Assert.That(output, Does.Contain("404"));
        Assert.That(output, Does.Not.Contain(" at TwitterSentiment.").And.Not.Contain("Exception"));
    }

    [Test]
    public async Task A_file_with_the_wrong_row_counts_fails_verification_with_exit_code_1()
    {
        await using var server = new LoopbackHttpServer(LoopbackHttpServer.Serve(Sentiment140DownloaderTests.Archive()));

        var (exitCode, output) = await RunTrainerAsync("download", "--url", new Uri(server.BaseAddress, "t.zip").ToString(), "--output", _directory, "--skip-checksum");

        Assert.That(exitCode, Is.EqualTo(1));
        Assert.That(output, Does.Contain("Verification failed").And.Contain("50 negative rows, expected 800,000").And.Contain(".unverified"));
        Assert.That(File.Exists(Path.Combine(_directory, DefaultData.Sentiment140FileName)), Is.False);
    }

    [Test]
    public async Task An_archive_that_fails_the_published_checksum_exits_with_1()
    {
        await using var server = new LoopbackHttpServer(LoopbackHttpServer.Serve(Sentiment140DownloaderTests.Archive()));

        var (exitCode, output) = await RunTrainerAsync("download", "--url", new Uri(server.BaseAddress, "t.zip").ToString(), "--output", _directory);

        Assert.That(exitCode, Is.EqualTo(1));
        Assert.That(output, Does.Contain("MD5"));
    }

    [Test]
    public async Task An_existing_file_is_only_verified_without_downloading()
    {
        await using var server = new LoopbackHttpServer(LoopbackHttpServer.Status(500));
        File.WriteAllText(Path.Combine(_directory, DefaultData.Sentiment140FileName), "\"0\",\"1\",\"d\",\"NO_QUERY\",\"u\",\"sad\"\n", Encoding.Latin1);

        var (exitCode, output) = await RunTrainerAsync("download", "--url", new Uri(server.BaseAddress, "t.zip").ToString(), "--output", _directory);

        Assert.That(exitCode, Is.EqualTo(1));
        Assert.That(output, Does.Contain("already there").And.Contain("Verification failed"));
        Assert.That(server.Ranges, Is.Empty);
    }

    [Test]
    public async Task An_address_that_is_not_http_is_rejected_before_anything_happens()
    {
        var (exitCode, output) = await RunTrainerAsync("download", "--url", "ftp://example.com/x.zip", "--output", _directory);

        Assert.That(exitCode, Is.Not.Zero);
        Assert.That(output, Does.Contain("--url must be an absolute http(s) address"));
    }
}
