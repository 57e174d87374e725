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
                console.MarkupLine($"[grey]{Markup.Escape(options.CsvPath)} is already there; verifying it (use --force to download again).[/]");
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
                console.MarkupLine($"[green]Verified:[/] {Markup.Escape(verification.Path)} is Sentiment140's training file. Train on it with `dotnet run --project Trainer`.");
                return 0;
            }
            console.MarkupLine("[red]Verification failed:[/]");
            foreach (string problem in verification.Problems) console.MarkupLine($"  [red]•[/] {Markup.Escape(problem)}");
            if (verification.Path.EndsWith(Sentiment140Downloader.UnverifiedSuffix, StringComparison.Ordinal))
            {
                console.MarkupLine($"The unpacked file was kept as {Markup.Escape(verification.Path)}; inspect it, or train on it anyway with --data.");
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
            console.MarkupLine($"[grey]Using the archive already downloaded: {Markup.Escape(options.ArchivePath)}[/]");
            return options.ArchivePath;
        }

        console.MarkupLine($"Downloading [blue]{Markup.Escape(options.Url.ToString())}[/]");
        return await NewProgress(console).StartAsync(async context =>
        {
            var task = context.AddTask("Sentiment140 archive", autoStart: true, maxValue: 1);
            task.IsIndeterminate = true;
            var progress = new SynchronousProgress<DownloadProgress>(report => Update(task, report));
            string archive = await downloader.DownloadArchiveAsync(options, progress, cancellationToken).ConfigureAwait(false);
            task.Value = task.MaxValue;
            task.StopTask();
            return archive;
        }).ConfigureAwait(false);
    }

    /// <summary>Runs synchronous file work off the rendering thread with a byte-progress bar.</summary>
    private static Task<T> RunWithProgressAsync<T>(IAnsiConsole console, string description, Func<IProgress<DownloadProgress>, T> work) =>
        NewProgress(console).StartAsync(context =>
        {
            var task = context.AddTask(description, autoStart: true, maxValue: 1);
            task.IsIndeterminate = true;
            var progress = new SynchronousProgress<DownloadProgress>(report => Update(task, report));
            return Task.Run(() =>
            {
                var result = work(progress);
                task.Value = task.MaxValue;
                task.StopTask();
                return result;
            });
        });

    private static void Update(ProgressTask task, DownloadProgress report)
    {
        if (report.TotalBytes is { } total && total > 0)
        {
            task.IsIndeterminate = false;
            task.MaxValue = total;
        }
        task.Value = Math.Min(report.BytesReceived, task.MaxValue);
    }

    private static Progress NewProgress(IAnsiConsole console) =>
        console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(
                new TaskDescriptionColumn(),
                new ProgressBarColumn(),
                new PercentageColumn(),
                new DownloadedColumn(),
                new TransferSpeedColumn(),
                new RemainingTimeColumn(),
                new SpinnerColumn());

    private static Table Describe(Sentiment140Verification verification)
    {
        var table = new Table().AddColumn("Check").AddColumn(new TableColumn("Value").RightAligned());
        table.AddRow("File", Markup.Escape(verification.Path));
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
