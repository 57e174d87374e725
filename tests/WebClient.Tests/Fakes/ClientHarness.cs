using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TwitterSentiment.WebClient.Serving;

namespace TwitterSentiment.WebClient.Tests.Fakes;

/// <summary>The real TF Serving client with its real resilience pipeline, configured like the site does it.</summary>
public sealed class ClientHarness : IDisposable
{
    private readonly ServiceProvider _services;

    /// <param name="time">The clock of the pipeline's timeouts, delays and circuit (a FakeTimeProvider in tests of those); the real one by default.</param>
    public ClientHarness(Uri baseAddress, IDictionary<string, string?>? settings = null, TimeProvider? time = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["TfServing:BaseAddress"] = baseAddress.AbsoluteUri,
            ["TfServing:AttemptTimeout"] = "00:00:02",
            ["TfServing:TotalTimeout"] = "00:00:05",
            ["TfServing:RetryBaseDelay"] = "00:00:00.010",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(Logs));
        if (time is not null)
        {
            services.AddSingleton(time);
        }

        services.AddTfServingClient();
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    public CapturedLogs Logs { get; } = new();

    public TfServingClient Client => _services.GetRequiredService<TfServingClient>();

    public void Dispose() => _services.Dispose();
}
