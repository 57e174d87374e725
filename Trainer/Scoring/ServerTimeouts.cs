using System.Globalization;

namespace TwitterSentiment.Trainer.Scoring;

/// <summary>
/// The limits of one request to a model server, kept apart because each waits for something else: the TCP connection
/// (<see cref="ServingSource.ConnectTimeout"/>, in the socket handler), the answer to a request that runs no model
/// (metadata: <see cref="ServingSource.FirstByteTimeout"/>) and the answer to a batch (<see cref="ServingSource.Timeout"/>).
/// After <see cref="ServingSource.WaitNotice"/> of silence it says once that it is waiting.
/// </summary>
internal sealed class ServerTimeouts(ServingSource source, Action<string>? notice)
    : DelegatingHandler(new SocketsHttpHandler { ConnectTimeout = source.ConnectTimeout })
{
    private int _noticed;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        bool runsModel = request.Method == HttpMethod.Post;
        var limit = runsModel ? source.Timeout : source.FirstByteTimeout;
        string asked = $"{request.Method} {request.RequestUri}";
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(limit);
        using var silence = new CancellationTokenSource(source.WaitNotice);
        using var waiting = silence.Token.Register(() => Notice(asked));
        try
        {
            var response = await base.SendAsync(request, deadline.Token);
            // The whole answer within the same limit: a server may send its headers and then stall.
            await response.Content.LoadIntoBufferAsync(deadline.Token);
            return response;
        }
        catch (OperationCanceledException exception) when (!cancellationToken.IsCancellationRequested && deadline.IsCancellationRequested)
        {
            throw new ServerSilenceException(asked, limit, runsModel, exception);
        }
    }

    private void Notice(string asked)
    {
        if (notice is not null && Interlocked.Exchange(ref _noticed, 1) == 0)
        {
            notice(string.Create(CultureInfo.InvariantCulture,
                $"Waiting for the model server at {source.Server.AbsoluteUri}: no answer to {asked} after {source.WaitNotice.TotalSeconds:0} s…"));
        }
    }
}

/// <summary>A request to the model server got no (complete) answer within its limit.</summary>
internal sealed class ServerSilenceException(string request, TimeSpan limit, bool runsModel, Exception innerException)
    : TimeoutException($"No answer to {request} within {limit}.", innerException)
{
    public string Request { get; } = request;

    public TimeSpan Limit { get; } = limit;

    /// <summary>True for a predict (its answer waits for the batch); false for metadata (answered at once by a healthy server).</summary>
    public bool RunsModel { get; } = runsModel;
}
