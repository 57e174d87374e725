using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace TwitterSentiment.WebClient.Tests.Fakes;

/// <summary>The real site on a real loopback port (Kestrel), pointed at a TF Serving of the test's choice.</summary>
public sealed class SiteFactory : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _services;

    /// <summary>
    /// Each site watches its settings and static files; with inotify every watcher costs one of the user's 128 inotify
    /// instances, shared with every other process of the test run, and many sites at once ran out ("The configured user
    /// limit (128) on the number of inotify instances has been reached"). Polling watchers cost none, and the tests never
    /// change those files.
    /// </summary>
    static SiteFactory() => Environment.SetEnvironmentVariable("DOTNET_USE_POLLING_FILE_WATCHER", "true");

    public SiteFactory(Uri tfServing, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        ArgumentNullException.ThrowIfNull(tfServing);
        _settings = new Dictionary<string, string?>
        {
            ["TfServing:BaseAddress"] = tfServing.AbsoluteUri,
            ["TfServing:AttemptTimeout"] = "00:00:02",
            ["TfServing:TotalTimeout"] = "00:00:05",
            ["TfServing:RetryBaseDelay"] = "00:00:00.010",
            ["TfServing:StatusCacheDuration"] = "00:00:00",
            ["Site:RateLimitPermits"] = "100000",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }

        _services = services;
    }

    public CapturedLogs Logs { get; } = new();

    /// <summary>Starts Kestrel on a free port and returns the site's address.</summary>
    /// <remarks>
    /// The port comes from the URL setting in <see cref="ConfigureWebHost"/>, not from <c>UseKestrel(0)</c>: that overload
    /// rewrites the server's addresses after the app has started Kestrel on its own thread, which now and then throws
    /// "Addresses cannot be modified after the server has started" (dotnet/aspnetcore pull request 67714).
    /// </remarks>
    public Uri Start()
    {
        UseKestrel();
        StartServer();
        string address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.First()
            ?? throw new InvalidOperationException("The site has no address.");
        return new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal) + "/");
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // Development on purpose: even there, visitors must never see a stack trace.
        builder.UseEnvironment("Development");
        builder.UseSetting(WebHostDefaults.ServerUrlsKey, "http://127.0.0.1:0");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
        if (_services is not null)
        {
            builder.ConfigureTestServices(_services);
        }
    }
}
