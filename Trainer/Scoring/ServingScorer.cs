using System.Net;
using System.Net.Sockets;
using TwitterSentiment.Contracts;
using TwitterSentiment.Contracts.Rest;

namespace TwitterSentiment.Trainer.Scoring;

/// <summary>
/// Scores with a model served over TensorFlow Serving's REST API (real TF Serving or serving/local-server), through the
/// shared REST client core: <c>POST /v1/models/&lt;name&gt;[/versions/&lt;N&gt;|/labels/&lt;L&gt;]:predict</c>, one request per
/// batch, reading the <c>probability</c> output. Opening checks the model's metadata first, so a wrong name or a model
/// that is not a sentiment model fails before any data is scored. Failures become <see cref="ModelSourceException"/>s
/// that name the trainer's options.
/// </summary>
public sealed class ServingScorer : IModelScorer
{
    private readonly HttpClient _http;
    private readonly TfServingRestClient _rest;
    private readonly ServingSource _source;

    private ServingScorer(HttpClient http, ServingSource source)
    {
        _http = http;
        _source = source;
        _rest = new TfServingRestClient(http, source.ModelName, source.BatchSize);
        Description = $"server {new Uri(ServingPaths.BaseAddress(source.Server), ServingPaths.Model(source.ModelName, source.Target))}";
    }

    public string Description { get; }

    /// <param name="notice">Receives a line to show when the server keeps the command waiting (once).</param>
    /// <exception cref="ModelSourceException">The server is down, does not serve the model, or serves something else.</exception>
    public static async Task<ServingScorer> OpenAsync(ServingSource source, Action<string>? notice, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        // ServerTimeouts holds every limit; HttpClient's own single timeout would blur them.
        var http = new HttpClient(new ServerTimeouts(source, notice)) { BaseAddress = ServingPaths.BaseAddress(source.Server), Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        var scorer = new ServingScorer(http, source);
        try
        {
            await scorer.CheckSignatureAsync(cancellationToken);
            return scorer;
        }
        catch
        {
            await scorer.DisposeAsync();
            throw;
        }
    }

    public async Task<float[]> ScoreAsync(IReadOnlyList<string> texts, IProgress<int>? scored, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(texts);
        IReadOnlyList<double> probabilities;
        try
        {
            probabilities = await _rest.PredictProbabilitiesAsync(_source.Target, ServingContract.ServingSignature, texts, scored, cancellationToken);
        }
        catch (TfServingException exception)
        {
            throw Explain(exception);
        }

        // The shared client reads TF Serving's bare NaN; a score that is no probability cannot be evaluated or printed as one.
        for (int i = 0; i < probabilities.Count; i++)
        {
            if (probabilities[i] is not (>= 0 and <= 1))
                throw new ModelSourceException($"{Description} returned {probabilities[i]} for text {i + 1}: a probability must be a number between 0 and 1.");
        }
        return [.. probabilities.Select(p => (float)p)];
    }

    /// <summary>The <c>tokenize</c> signature's token ids, counted (<see cref="TokenizedText.KnownTokens"/>).</summary>
    public async Task<int[]> CountKnownTokensAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(texts);
        try
        {
            var tokenized = await _rest.TokenizeAsync(_source.Target, texts, cancellationToken);
            return [.. tokenized.Select(text => text.KnownTokens)];
        }
        catch (TfServingException exception)
        {
            throw Explain(exception);
        }
    }

    public ValueTask DisposeAsync()
    {
        _http.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>The serving_default signature must take the raw text and give a probability, as this trainer's exports do.</summary>
    private async Task CheckSignatureAsync(CancellationToken cancellationToken)
    {
        ModelMetadata metadata;
        try
        {
            metadata = await _rest.GetMetadataAsync(_source.Target, cancellationToken);
        }
        catch (TfServingException exception)
        {
            throw Explain(exception);
        }

        var signature = metadata.Signatures.FirstOrDefault(s => s.Name == ServingContract.ServingSignature)
            ?? throw new ModelSourceException($"The model at {Description} has no {ServingContract.ServingSignature} signature; serve a model exported by this trainer.");
        bool takesText = signature.Inputs.Any(input => input.Alias == ServingContract.TextInput);
        bool givesProbability = signature.Outputs.Any(output => output.Alias == ServingContract.ProbabilityOutput);
        if (!takesText || !givesProbability)
        {
            throw new ModelSourceException(
                $"The model at {Description} is not a sentiment model exported by this trainer: its {ServingContract.ServingSignature} signature needs a '{ServingContract.TextInput}' input and a '{ServingContract.ProbabilityOutput}' output.");
        }
    }

    /// <summary>The shared client's failure, said in terms of this command's options.</summary>
    private ModelSourceException Explain(TfServingException exception)
    {
        string server = _source.Server.AbsoluteUri;
        string asked = exception.Request ?? Description;
        string message = exception.ServerMessage ?? "no message";
        string text = exception switch
        {
            { StatusCode: 404 } => $"The server at {server} does not serve {Selector()} (404: {message}). Check --model-name, --version and --label against the server's models.",
            { StatusCode: 400 } => $"The server at {server} rejected {asked} (400: {message}).",
            { StatusCode: { } code } => $"The server at {server} answered {code} {(HttpStatusCode)code} to {asked}: {message}",
            { InnerException: ServerSilenceException { RunsModel: true } silent } =>
                $"The model server at {server} did not answer a batch of up to {_source.BatchSize} texts within {Seconds(silent.Limit)} (--timeout); try a smaller --batch-size or a longer --timeout.",
            { InnerException: ServerSilenceException silent } =>
                $"The model server at {server} accepted the connection but did not answer {silent.Request} within {Seconds(silent.Limit)} (--first-byte-timeout). " +
                "That request runs no model, so TensorFlow Serving answers it at once: check that --server names its REST port (8501 by default), not its gRPC port (8500) or another program.",
            { InnerException: OperationCanceledException { InnerException: TimeoutException } } =>
                $"Cannot connect to the model server at {server}: no connection within {Seconds(_source.ConnectTimeout)} (--connect-timeout). " +
                "Check the address and that the server is up (a firewall that drops packets looks like this too).",
            ModelServerUnavailableException => $"Cannot reach the model server at {server} ({Reason(exception)}). Is it running? Start one with serving/local-server (or TensorFlow Serving) and check --server.",
            _ => $"The answer of {Description} to {asked} cannot be used: {exception.Message}",
        };
        return new ModelSourceException(text, exception);
    }

    private static string Seconds(TimeSpan limit) => limit.TotalSeconds.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture) + " s";

    private string Selector() =>
        _source.Version is { } version ? $"version {version} of model '{_source.ModelName}'"
        : _source.Label is { } label ? $"label '{label}' of model '{_source.ModelName}'"
        : $"model '{_source.ModelName}'";

    /// <summary>The operating system's words for a failed connection ("Connection refused"), else the HTTP stack's.</summary>
    private static string Reason(Exception exception) =>
        exception.InnerException is HttpRequestException { InnerException: SocketException socket } ? socket.Message
        : exception.InnerException?.Message ?? exception.Message;
}
