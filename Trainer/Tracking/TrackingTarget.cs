namespace TwitterSentiment.Trainer.Tracking;

/// <summary>
/// Where runs go, from <c>--tracking-uri</c> or <c>MLFLOW_TRACKING_URI</c> (the flag wins): an http(s) MLflow server,
/// or a file store given as a path or <c>file:</c> URI. The default is <c>mlruns/</c> at the repository root
/// (the nearest ancestor of the current directory holding TwitterSentiment.sln), else in the current directory.
/// </summary>
public sealed record TrackingTarget
{
    public const string SolutionFile = Data.DefaultData.SolutionFileName;

    /// <summary>Absolute path of a file store, or null for a server.</summary>
    public string? StorePath { get; private init; }

    /// <summary>The tracking server, or null for a file store.</summary>
    public Uri? ServerUri { get; private init; }

    public static TrackingTarget FileStore(string path) => new() { StorePath = Path.GetFullPath(path) };

    public static TrackingTarget Server(Uri uri) => new() { ServerUri = uri };

    public static TrackingTarget Resolve(string? flag, Func<string, string?> environment, string currentDirectory)
    {
        string? value = !string.IsNullOrWhiteSpace(flag) ? flag.Trim() : environment("MLFLOW_TRACKING_URI")?.Trim();
        if (string.IsNullOrEmpty(value))
            return FileStore(DefaultStore(currentDirectory));

        if (value.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || value.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            return Uri.TryCreate(value, UriKind.Absolute, out var server)
                ? Server(server)
                : throw new TrackingException($"The tracking URI '{value}' is not a valid URL.");
        }

        if (value.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            if (Uri.TryCreate(value, UriKind.Absolute, out var file) && file.IsFile && value.StartsWith("file:/", StringComparison.OrdinalIgnoreCase))
                return FileStore(file.LocalPath);
            return FileStore(Path.Combine(currentDirectory, value["file:".Length..]));
        }

        // A scheme of two or more letters that is not file/http (sqlite:, databricks, s3:...) is not ours;
        // a single letter is a Windows drive.
        int colon = value.IndexOf(':', StringComparison.Ordinal);
        if (value == "databricks" || (colon > 1 && value[..colon].All(char.IsAsciiLetterOrDigit)))
            throw new TrackingException($"The tracking URI '{value}' is not supported: use a directory, a file: URI, or an http(s) MLflow server.");
        return FileStore(Path.Combine(currentDirectory, value));
    }

    /// <summary><c>mlruns</c> beside TwitterSentiment.sln in the nearest ancestor, else in <paramref name="currentDirectory"/>.</summary>
    public static string DefaultStore(string currentDirectory) =>
        Path.Combine(Data.DefaultData.FindRepositoryRoot(Path.GetFullPath(currentDirectory)) ?? Path.GetFullPath(currentDirectory), "mlruns");

    public override string ToString() => StorePath ?? ServerUri?.ToString() ?? "";
}
