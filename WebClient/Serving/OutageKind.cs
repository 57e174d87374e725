using Polly;
using Polly.Timeout;
using TwitterSentiment.Contracts.Rest;

namespace TwitterSentiment.WebClient.Serving;

/// <summary>Why the model server could not answer, in the distinctions a visitor can act on.</summary>
public enum OutageKind
{
    /// <summary>Nothing accepted the connection (refused or reset): the server is stopped or restarting.</summary>
    Unreachable,

    /// <summary>The server's host name does not resolve: the site's address setting or the network is wrong.</summary>
    UnknownHost,

    /// <summary>It did not answer in time.</summary>
    TimedOut,

    /// <summary>It answered, with a server error (5xx or 429).</summary>
    Failing,
}

/// <summary>Tells the <see cref="OutageKind"/> of a failed call, from the site's exceptions or from the pipeline's outcome.</summary>
public static class Outages
{
    public static OutageKind Of(ModelServerUnavailableException failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        return failure switch
        {
            { TimedOut: true } => OutageKind.TimedOut,
            { StatusCode: not null } => OutageKind.Failing,
            _ => OfConnection(failure.InnerException),
        };
    }

    /// <summary>What opened the circuit: the last outcome of a call, after its retries.</summary>
    public static OutageKind Of(Outcome<HttpResponseMessage> outcome) => outcome.Exception switch
    {
        null => OutageKind.Failing,
        TimeoutRejectedException => OutageKind.TimedOut,
        var exception => OfConnection(exception),
    };

    private static OutageKind OfConnection(Exception? exception) =>
        exception is HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError } ? OutageKind.UnknownHost : OutageKind.Unreachable;
}
