using Microsoft.Extensions.DependencyInjection;
using TwitterSentiment.WebClient.Tests.Fakes;

namespace TwitterSentiment.WebClient.Tests.EndToEnd;

/// <summary>
/// The chain the browser suites run against: the shared tiny models written as versions 1 and 2 (stable and canary),
/// served by serving/local-server, and the real site on Kestrel pointed at it. Disposing stops the site and the server
/// and deletes the models.
/// </summary>
internal sealed class ServedTinyModelsSite : IAsyncDisposable
{
    private ServedTinyModelsSite(TempDirectory directory, ServedTinyModels served, LocalServerProcess server)
    {
        Directory = directory;
        Served = served;
        Server = server;
        Site = StartSite(server.BaseAddress);
        SiteAddress = Site.Start();
    }

    public TempDirectory Directory { get; }

    public ServedTinyModels Served { get; }

    public LocalServerProcess Server { get; }

    public SiteFactory Site { get; }

    public Uri SiteAddress { get; }

    public static async Task<ServedTinyModelsSite> StartAsync(string directoryName)
    {
        LocalServerProcess.RequireScript();
        var directory = new TempDirectory(directoryName);
        LocalServerProcess? server = null;
        try
        {
            var served = TinyModels.WriteServed(directory.Path);
            server = await served.StartLocalServerAsync();
            return new ServedTinyModelsSite(directory, served, server);
        }
        catch
        {
            if (server is not null)
            {
                await server.DisposeAsync();
            }

            directory.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A site for <paramref name="server"/> with timeouts a real model's first inferences fit in on a loaded machine
    /// and one retry; <paramref name="settings"/> add to or override them.
    /// </summary>
    public static SiteFactory StartSite(Uri server, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null) =>
        new(server, new Dictionary<string, string?>
        {
            ["TfServing:AttemptTimeout"] = "00:00:10",
            ["TfServing:TotalTimeout"] = "00:00:20",
            ["TfServing:MaxRetryAttempts"] = "1",
        }.Concat(settings ?? new Dictionary<string, string?>()).GroupBy(kv => kv.Key).ToDictionary(g => g.Key, g => g.Last().Value), services);

    public async ValueTask DisposeAsync()
    {
        Site.Dispose();
        await Server.DisposeAsync();
        Directory.Dispose();
    }
}
