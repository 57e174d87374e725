using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using TwitterSentiment.Trainer.Data;

namespace TwitterSentiment.Trainer.Commands.Download;

public sealed class DownloadSettings : CommandSettings
{
    [CommandOption("--url <URL>")]
    [Description("Address of Sentiment140's trainingandtestdata.zip (default: the authors' Stanford copy).")]
    [DefaultValue(Sentiment140DownloadOptions.StanfordUrl)]
    public string Url { get; init; } = Sentiment140DownloadOptions.StanfordUrl;

    [CommandOption("--output <DIR>")]
    [Description("Folder for the CSV (default: data/ of the repository, or ./data outside a clone).")]
    public string? Output { get; init; }

    [CommandOption("--skip-checksum")]
    [Description("Do not compare the archive's MD5 with the published one (for a repackaged mirror).")]
    public bool SkipChecksum { get; init; }

    [CommandOption("--keep-archive")]
    [Description("Keep trainingandtestdata.zip after unpacking it.")]
    public bool KeepArchive { get; init; }

    [CommandOption("--force")]
    [Description("Download again even if the CSV is already there (otherwise it is only verified).")]
    public bool Force { get; init; }

    public override ValidationResult Validate()
    {
        if (!Uri.TryCreate(Url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            return ValidationResult.Error($"--url must be an absolute http(s) address, not '{Url}'.");
        return ValidationResult.Success();
    }
}
