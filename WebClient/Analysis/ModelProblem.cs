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

    public static ModelProblem From(TfServingException exception, string modelName)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception switch
        {
            CircuitOpenException circuit => new(
                "circuit-open",
                "The model server is taking a break",
                "It failed several times in a row, so this site stopped calling it for a moment to let it recover. " +
                $"Try again in {Seconds(circuit.RetryAfter)}."),
            ModelServerUnavailableException { TimedOut: true } => new(
                "timeout",
                "The model server is too slow right now",
                "It did not answer in time, even after retrying. Try again shortly."),
            ModelServerUnavailableException => new(
                "down",
                "The model server is not reachable",
                "This site could not get an answer from TensorFlow Serving, even after retrying. It may be stopped or restarting."),
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

    private static string Seconds(TimeSpan? retryAfter) =>
        retryAfter is { } wait && wait > TimeSpan.Zero ? $"{Math.Ceiling(wait.TotalSeconds):0} seconds" : "a few seconds";
}
