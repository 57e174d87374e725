using TwitterSentiment.Serving.Tests.Targets;

namespace TwitterSentiment.Serving.Tests.Infrastructure;

/// <summary>
/// A fixture that serves test models from its own temporary base path on one target for all its tests:
/// the server starts once, is stopped after the last test, and the models are deleted with the fixture.
/// </summary>
public abstract class ServedModelsFixture : IDisposable
{
    private protected TempDirectory Models { get; private set; } = null!;

    private protected IServingTarget Target { get; private set; } = null!;

    /// <summary>Creates the base path, lets <paramref name="prepare"/> add versions and describe the setup, then starts the target.</summary>
    private protected async Task StartServingAsync(string targetKind, string folderName, Func<string, ServingSetup> prepare)
    {
        Models = new TempDirectory(folderName);
        try
        {
            Target = await ServingTargets.StartAsync(targetKind, prepare(Models.Path), CancellationToken.None);
        }
        catch
        {
            Models.Dispose();
            throw;
        }
    }

    [OneTimeTearDown]
    public async Task StopServerAsync()
    {
        if (Target is not null)
        {
            await Target.DisposeAsync();
        }
    }

    public void Dispose()
    {
        Models?.Dispose();
        GC.SuppressFinalize(this);
    }
}
