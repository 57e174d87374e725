using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;
using Polly.Timeout;
using TwitterSentiment.Contracts.Rest;

namespace TwitterSentiment.WebClient.Serving;

/// <summary>
/// The site's typed client of TF Serving: the shared REST client core (<see cref="TfServingRestClient"/>: paths, batches,
/// NaN, error bodies, status codes as exceptions) over the HttpClient that carries the resilience pipeline, with the
/// site's model name, signature and batch size. Every failure surfaces as a <see cref="TfServingException"/> subclass;
/// the pipeline's own refusals (circuit open, timeouts) are named here, since only the site has that pipeline.
/// </summary>
public sealed partial class TfServingClient(HttpClient http, IOptions<TfServingOptions> options, ServingCircuit circuit, ILogger<TfServingClient> logger)
{
    private readonly TfServingOptions _options = options.Value;
    private readonly TfServingRestClient _rest = new(http, options.Value.ModelName, options.Value.PredictBatchSize);

    public Task<ModelStatus> GetModelStatusAsync(CancellationToken cancellationToken) =>
        CallAsync(() => _rest.GetStatusAsync(cancellationToken));

    /// <summary>The signatures of a version (null: the newest); for a label, its version too (TF Serving resolves it).</summary>
    public Task<ModelMetadata> GetModelMetadataAsync(ModelTarget? target, CancellationToken cancellationToken) =>
        CallAsync(() => _rest.GetMetadataAsync(target, cancellationToken));

    /// <summary>
    /// Predicts the sentiment of each text, in requests of at most the batch size, with a version or label of the model
    /// (TF Serving's /versions/N and /labels/L routes) or, with a null target, the newest.
    /// </summary>
    public async Task<IReadOnlyList<SentimentPrediction>> PredictAsync(ModelTarget? target, IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        var predictions = await CallAsync(() => _rest.PredictAsync(target, _options.SignatureName, texts, cancellationToken));
        LogPredicted(logger, predictions.Count);
        return predictions;
    }

    /// <summary>The ids the model reads for each text and its token count before the cut (the <c>tokenize</c> signature).</summary>
    public Task<IReadOnlyList<TokenizedText>> TokenizeAsync(ModelTarget? target, IReadOnlyList<string> texts, CancellationToken cancellationToken) =>
        CallAsync(() => _rest.TokenizeAsync(target, texts, cancellationToken));

    /// <inheritdoc cref="TfServingRestClient.GetModelInfoJsonAsync"/>
    public Task<string?> GetModelInfoJsonAsync(ModelTarget? target, CancellationToken cancellationToken) =>
        CallAsync(() => _rest.GetModelInfoJsonAsync(target, cancellationToken));

    private async Task<T> CallAsync<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (BrokenCircuitException ex)
        {
            throw new CircuitOpenException(ex.RetryAfter, circuit.OpenedBy ?? OutageKind.Unreachable, ex);
        }
        catch (TimeoutRejectedException ex)
        {
            throw new ModelServerUnavailableException("The model server did not answer in time.", timedOut: true, ex);
        }
    }

    // Counts only: tweet text never goes to logs above Debug.
    [LoggerMessage(Level = LogLevel.Debug, Message = "TF Serving predicted {Count} instances")]
    private static partial void LogPredicted(ILogger logger, int count);
}
