using TwitterSentiment.Contracts.Rest;
using TwitterSentiment.WebClient.Serving;

namespace TwitterSentiment.WebClient.Analysis;

/// <summary>What went wrong with the model server, phrased for the person using the site.</summary>
public sealed record ModelProblem(string Kind, string Title, string Detail)
{
    public static ModelProblem Loading(string modelName) => new(
        "loading",
        "The model is still loading",
        $"TensorFlow Serving knows the model \"{modelName}\" but has no version ready yet. Try again in a few seconds.");

    /// <summary>TF Serving answered the status request but has no AVAILABLE version.</summary>
    public static ModelProblem NotAvailable(ModelStatus status, string modelName)
    {
        ArgumentNullException.ThrowIfNull(status);
        if (status.IsLoading)
        {
            return Loading(modelName);
        }

        var failed = status.Versions.FirstOrDefault(v => v.ErrorCode != "OK");
        return failed is null
            ? new("not-available", "No model version is available", $"TensorFlow Serving lists no AVAILABLE version of \"{modelName}\".")
            : new("load-failed", "The model failed to load", $"Version {failed.Version}: {failed.ErrorCode} {failed.ErrorMessage}");
    }

    /// <summary>A version the status endpoint does not list.</summary>
    public static ModelProblem VersionNotListed(long version, ModelStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        string known = status.Versions.Count == 0 ? "none" : string.Join(", ", status.Versions.Select(v => $"{v.Version} ({v.State})"));
        return new("version-unknown", $"Version {version} is not served", $"TensorFlow Serving does not list version {version}. Versions it lists: {known}.");
    }

    /// <summary>A listed version that is not AVAILABLE (still loading, failed, unloading).</summary>
    public static ModelProblem VersionNotAvailable(ModelVersionState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        string why = state.ErrorCode != "OK" ? $" It failed: {state.ErrorCode} {state.ErrorMessage}" : state.State is "START" or "LOADING" ? " It is still loading; try again shortly." : "";
        return new("version-unavailable", $"Version {state.Version} is not available", $"Its state is {state.State}, so it cannot answer.{why}");
    }

    /// <summary>A label TF Serving does not know (its message says so).</summary>
    public static ModelProblem LabelUnknown(string label, string serverMessage) =>
        new("label-unknown", $"The label “{label}” cannot answer", $"TensorFlow Serving says: {serverMessage}");

    /// <summary>A version or label whose version TF Serving cannot serve now.</summary>
    public static ModelProblem TargetNotServed(ModelTarget target, string serverMessage) =>
        new("target-not-found", $"“{target}” cannot answer", $"TensorFlow Serving says: {serverMessage}");

    public static ModelProblem From(TfServingException exception, string modelName)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception switch
        {
            CircuitOpenException circuit => Paused(circuit),
            ModelServerUnavailableException unavailable => Outage(unavailable),
            ModelNotFoundException notFound when notFound.IsNotLoadedYet => Loading(modelName),
            ModelNotFoundException notFound => new(
                "not-found",
                "The model is not being served",
                $"TensorFlow Serving does not serve a model named \"{modelName}\": {notFound.Message}"),
            InvalidModelInputException invalid => new(
                "invalid-input",
                "The model server rejected the input",
                invalid.Message),
            _ => new(
                "unexpected",
                "The model server's answer could not be read",
                exception.Message),
        };
    }

    /// <summary>The heading each kind of outage gets, whether it just happened or the circuit is open because of it.</summary>
    private static string Heading(OutageKind kind) => kind switch
    {
        OutageKind.Unreachable => "The model server is not reachable (stopped or restarting)",
        OutageKind.UnknownHost => "The model server's address cannot be found",
        OutageKind.TimedOut => "The model server is too slow right now",
        _ => "The model server is failing",
    };

    private static ModelProblem Outage(ModelServerUnavailableException unavailable)
    {
        var kind = Outages.Of(unavailable);
        return kind switch
        {
            OutageKind.Unreachable => new("down", Heading(kind),
                "Nothing answers at its address: TensorFlow Serving is stopped or restarting. Try again in a moment."),
            OutageKind.UnknownHost => new("unknown-host", Heading(kind),
                "Its host name does not resolve, so the site's TfServing:BaseAddress setting or the network needs fixing."),
            OutageKind.TimedOut => new("timeout", Heading(kind),
                "It did not answer in time, even after retrying. Try again shortly."),
            _ => new("failing", Heading(kind),
                $"TensorFlow Serving answered with an error, even after retrying: {unavailable.ServerMessage ?? $"HTTP {unavailable.StatusCode}"}. Try again shortly."),
        };
    }

    /// <summary>The circuit is open: say what the failed calls ran into, and that calls resume by themselves.</summary>
    private static ModelProblem Paused(CircuitOpenException circuit) => new(
        "circuit-open",
        Heading(circuit.Cause),
        "Several calls in a row failed, so this site stopped calling it for a moment to let it recover; " +
        $"it tries again in {Seconds(circuit.RetryAfter)}.");

    private static string Seconds(TimeSpan? retryAfter) =>
        retryAfter is { } wait && wait > TimeSpan.Zero ? $"{Math.Ceiling(wait.TotalSeconds):0} seconds" : "a few seconds";
}
