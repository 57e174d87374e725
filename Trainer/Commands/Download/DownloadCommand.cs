using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using TwitterSentiment.Trainer.Data;

namespace TwitterSentiment.Trainer.Commands.Download;

[Description("Download Sentiment140 (1.6M tweets) into data/, unpack it and verify it.")]
public sealed class DownloadCommand(IAnsiConsole console) : AsyncCommand<DownloadSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, DownloadSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var options = new Sentiment140DownloadOptions
        {
            Url = new Uri(settings.Url),
            DataDirectory = Path.GetFullPath(settings.Output ?? DefaultData.DataDirectory()),
            ExpectedArchiveMd5 = settings.SkipChecksum ? null : Sentiment140DownloadOptions.StanfordArchiveMd5,
            KeepArchive = settings.KeepArchive,
        };

        try
        {
            Sentiment140Verification verification;
            if (File.Exists(options.CsvPath) && !settings.Force)
            {
                console.MarkupLine($"[grey]{ConsoleText.Markup(options.CsvPath)} is already there; verifying it (use --force to download again).[/]");
                verification = await RunWithProgressAsync(console, "Verifying",
                    progress => Sentiment140Downloader.Verify(options.CsvPath, options, progress, cancellationToken)).ConfigureAwait(false);
            }
            else
            {
                if (settings.Force && File.Exists(options.ArchivePath)) File.Delete(options.ArchivePath);
                string archive = await DownloadAsync(console, options, cancellationToken).ConfigureAwait(false);
                string extracted = await RunWithProgressAsync(console, "Unpacking",
                    progress => Sentiment140Downloader.Extract(archive, options, progress, cancellationToken)).ConfigureAwait(false);
                verification = await RunWithProgressAsync(console, "Verifying",
                    progress => Sentiment140Downloader.Install(extracted, archive, options, progress, cancellationToken)).ConfigureAwait(false);
            }

            console.Write(Describe(verification));
            if (verification.Passed)
            {
                console.MarkupLine($"[green]Verified:[/] {ConsoleText.Markup(verification.Path)} is Sentiment140's training file. Train on it with `dotnet run --project Trainer`.");
                return 0;
            }
            console.MarkupLine("[red]Verification failed:[/]");
            foreach (string problem in verification.Problems) console.MarkupLine($"  [red]•[/] {ConsoleText.Markup(problem)}");
            if (verification.Path.EndsWith(Sentiment140Downloader.UnverifiedSuffix, StringComparison.Ordinal))
            {
                console.MarkupLine($"The unpacked file was kept as {ConsoleText.Markup(verification.Path)}; inspect it, or train on it anyway with --data.");
            }
            return CommandLineErrors.Failure;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"Cannot write to {options.DataDirectory}: {exception.Message}", exception);
        }
        catch (OperationCanceledException exception)
        {
            // The partial archive stays; the downloader resumes it with a range request.
            throw new ResumableCancellationException("Run the command again to resume the download.", exception);
        }
    }

    private static async Task<string> DownloadAsync(IAnsiConsole console, Sentiment140DownloadOptions options, CancellationToken cancellationToken)
    {
        using var handler = new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(30), AutomaticDecompression = System.Net.DecompressionMethods.None };
        // No overall timeout: the archive is ~80 MB and slow links are fine; the downloader gives up on a stalled one.
        using var http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        http.DefaultRequestHeaders.UserAgent.ParseAdd("TwitterSentiment-Trainer/1.0");
        var downloader = new Sentiment140Downloader(http);
        if (File.Exists(options.ArchivePath))
        {
            console.MarkupLine($"[grey]Using the archive already downloaded: {ConsoleText.Markup(options.ArchivePath)}[/]");
            return options.ArchivePath;
        }

        console.MarkupLine($"Downloading [blue]{ConsoleText.Markup(options.Url.ToString())}[/]");
        return await ProgressDisplay.StartAsync(console, ProgressDisplay.TransferColumns(), clear: false, async display =>
        {
            var task = display.AddTask("Sentiment140 archive");
            string archive = await downloader.DownloadArchiveAsync(options, ProgressDisplay.BytesTo(task), cancellationToken).ConfigureAwait(false);
            task.Finish();
            return archive;
        }).ConfigureAwait(false);
    }

    /// <summary>Runs synchronous file work off the rendering thread with a byte-progress bar.</summary>
    private static Task<T> RunWithProgressAsync<T>(IAnsiConsole console, string description, Func<IProgress<DownloadProgress>, T> work) =>
        ProgressDisplay.StartAsync(console, ProgressDisplay.TransferColumns(), clear: false, display =>
        {
            var task = display.AddTask(description);
            return Task.Run(() =>
            {
                var result = work(ProgressDisplay.BytesTo(task));
                task.Finish();
                return result;
            });
        });


    private static Table Describe(Sentiment140Verification verification)
    {
        var table = new Table().AddColumn("Check").AddColumn(new TableColumn("Value").RightAligned());
        table.AddRow("File", ConsoleText.Markup(verification.Path));
        table.AddRow("Size", $"{verification.Bytes:N0} bytes");
        table.AddRow("SHA-256", verification.Sha256);
        table.AddRow("Rows", $"{verification.Rows:N0}");
        table.AddRow("Negative (0)", $"{verification.Negative:N0}");
        table.AddRow("Positive (4)", $"{verification.Positive:N0}");
        table.AddRow("Neutral (2)", $"{verification.Neutral:N0}");
        table.AddRow("Malformed", $"{verification.Malformed:N0}");
        table.AddRow("Result", verification.Passed ? "[green]passed[/]" : "[red]failed[/]");
        return table;
    }
}
