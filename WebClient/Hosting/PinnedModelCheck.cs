using Microsoft.Extensions.Options;
using TwitterSentiment.Contracts.Rest;
using TwitterSentiment.WebClient.Analysis;
using TwitterSentiment.WebClient.Serving;

namespace TwitterSentiment.WebClient.Hosting;

/// <summary>
/// Checks a pinned version or label (TfServing:Version, TfServing:Label) against the model server once it answers: the
/// server may start after the site (compose, Kubernetes), so until then it asks again every <see cref="RetryInterval"/>.
/// A pin the server cannot serve is logged as an error and keeps /readyz unready (<see cref="ModelReadyHealthCheck"/>);
/// it does not stop the site, since the server's versions and labels change without the site restarting.
/// </summary>
internal sealed partial class PinnedModelCheck(IServiceScopeFactory scopes, IOptions<TfServingOptions> serving, TimeProvider time, ILogger<PinnedModelCheck> logger)
    : BackgroundService
{
    public static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (serving.Value.Pinned is not { } pinned)
        {
            return;
        }

        string pin = Describe(pinned);

        while (!stoppingToken.IsCancellationRequested)
        {
            using var scope = scopes.CreateScope();
            try
            {
                var model = await scope.ServiceProvider.GetRequiredService<ModelVersions>().ResolveAsync(null, stoppingToken);
                if (model.Problem is { } problem)
                {
                    LogPinUnusable(logger, pin, problem.Title, problem.Detail);
                }
                else
                {
                    LogPinned(logger, pin, model.Description);
                }

                return;
            }
            catch (TfServingException ex)
            {
                LogServerNotAnswering(logger, pin, ex.Message, RetryInterval.TotalSeconds);
            }

            await Task.Delay(RetryInterval, time, stoppingToken);
        }
    }

    private static string Describe(ModelTarget pinned) => pinned.Label is null ? $"TfServing:Version {pinned}" : $"TfServing:Label {pinned}";

    [LoggerMessage(Level = LogLevel.Information, Message = "{Pin}: answering with {Model}")]
    private static partial void LogPinned(ILogger logger, string pin, string model);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Pin} cannot be used: {Problem}. {Detail} The site stays unready until the model server serves it.")]
    private static partial void LogPinUnusable(ILogger logger, string pin, string problem, string detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Pin} not checked yet: {Reason} Asking again in {Seconds} s.")]
    private static partial void LogServerNotAnswering(ILogger logger, string pin, string reason, double seconds);
}
