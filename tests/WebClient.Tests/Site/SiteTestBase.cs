using Microsoft.Extensions.DependencyInjection;
using TwitterSentiment.WebClient.Tests.Fakes;

namespace TwitterSentiment.WebClient.Tests.Site;

/// <summary>Each test gets a fresh fake TF Serving and a fresh site (circuit state must not leak between tests).</summary>
[CancelAfter(60_000)]
public abstract class SiteTestBase
{
    private readonly List<IDisposable> _disposables = [];

    protected FakeTfServing TfServing { get; private set; } = null!;

    protected SiteFactory Factory { get; private set; } = null!;

    protected Uri SiteAddress { get; private set; } = null!;

    [SetUp]
    public async Task StartTfServingAsync() => TfServing = await FakeTfServing.StartAsync();

    [TearDown]
    public async Task StopAsync()
    {
        foreach (var disposable in Enumerable.Reverse(_disposables))
        {
            disposable.Dispose();
        }

        _disposables.Clear();
        await TfServing.DisposeAsync();
    }

    protected SiteClient StartSite(IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        Factory = new SiteFactory(TfServing.BaseAddress, settings, services);
        _disposables.Add(Factory);
        SiteAddress = Factory.Start();
        var client = new SiteClient(SiteAddress);
        _disposables.Add(client);
        return client;
    }

    protected static Dictionary<string, string> Form(params (string Name, string Value)[] fields) =>
        fields.ToDictionary(f => f.Name, f => f.Value);
}
