using System.Globalization;
using System.Text.Json;
using TwitterSentiment.Contracts;

namespace TwitterSentiment.WebClient.Analysis;

/// <summary>
/// The MLflow run an export was recorded in, and how to find it: a command that works wherever the tracking location is
/// reachable (the file store's <c>file:</c> URI on the training machine, or the tracking server), and for a tracking
/// server a link into its UI. Exports made before the tracking location was recorded give the bare command.
/// </summary>
public sealed record MlflowRun(string RunId, string? TrackingUri, string? ExperimentId)
{
    public static MlflowRun? From(JsonElement modelInfo)
    {
        string? Text(string name) => ModelInfo.Child(modelInfo, name) is { } value
            ? (value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText())?.Trim() is { Length: > 0 } text ? text : null
            : null;
        return Text(ServingContract.ModelInfoMlflowRunId) is { } runId
            ? new MlflowRun(runId, Text(ServingContract.ModelInfoMlflowTrackingUri), Text(ServingContract.ModelInfoMlflowExperimentId))
            : null;
    }

    public bool IsServer => TrackingUri is { } uri && (uri.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || uri.StartsWith("https://", StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// <c>mlflow runs describe</c> with the tracking location in <c>MLFLOW_TRACKING_URI</c>; a file store also needs
    /// <c>MLFLOW_ALLOW_FILE_STORE=true</c> on MLflow 3.13 and later (older versions ignore it).
    /// </summary>
    public string Command
    {
        get
        {
            string describe = $"mlflow runs describe --run-id {Quote(RunId)}";
            return TrackingUri is null ? describe
                : IsServer ? $"MLFLOW_TRACKING_URI={Quote(TrackingUri)} {describe}"
                : $"MLFLOW_ALLOW_FILE_STORE=true MLFLOW_TRACKING_URI={Quote(TrackingUri)} {describe}";
        }
    }

    /// <summary>The run's page in the tracking server's UI, as MLflow routes it; null for a file store or without the experiment.</summary>
    public Uri? Link => IsServer && ExperimentId is { } experiment && Uri.TryCreate(
        $"{TrackingUri!.TrimEnd('/')}/#/experiments/{Uri.EscapeDataString(experiment)}/runs/{Uri.EscapeDataString(RunId)}", UriKind.Absolute, out var link)
        ? link
        : null;

    /// <summary>POSIX shell quoting, only when needed (run ids and ordinary paths stay as they are).</summary>
    private static string Quote(string value) =>
        value.All(c => char.IsAsciiLetterOrDigit(c) || "-_./:@%+=,".Contains(c, StringComparison.Ordinal))
            ? value
            : "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    public override string ToString() => RunId.ToString(CultureInfo.InvariantCulture);
}
