using Spectre.Console;
using TwitterSentiment.Trainer.Data;

namespace TwitterSentiment.Trainer.Commands.Train;

/// <summary>
/// Fetches on first use what a run wants and is not cached yet (<see cref="DefaultModelResources"/>), with progress
/// and the fetch's own checks, the way Keras' <c>get_file</c> does. A resource that cannot be had (offline, the
/// registry unreachable, not the pinned file) costs one line saying so, and the run goes on without it.
/// </summary>
public sealed class FirstUseFetch(IAnsiConsole console)
{
    /// <param name="offline">Fetch nothing (<c>--offline</c>): say what is missing.</param>
    public async Task FetchMissingAsync(IReadOnlyList<ModelResource> resources, bool offline, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(resources);
        foreach (var resource in resources.Where(resource => !resource.IsCached))
        {
            if (offline)
            {
                console.MarkupLine($"[yellow]Offline:[/] {ConsoleText.Markup(resource.Name)} is not on disk, so this run trains without it (`{ConsoleText.Markup(resource.DownloadCommand)}` fetches it).");
                continue;
            }

            try
            {
                await ProgressDisplay.StartAsync(console, ProgressDisplay.TransferColumns(), clear: true, async display =>
                {
                    var task = display.AddTask($"Fetching {ConsoleText.Markup(resource.Name)} (first use)");
                    await resource.FetchAsync(ProgressDisplay.BytesTo(task), cancellationToken);
                    task.Finish();
                    return 0;
                });
                console.MarkupLine($"Fetched {ConsoleText.Markup(resource.Name)} into [bold]{ConsoleText.Markup(resource.File)}[/]; later runs use it from there.");
            }
            catch (DataException exception)
            {
                console.MarkupLine($"[yellow]Could not get {ConsoleText.Markup(resource.Name)}[/] ({ConsoleText.Markup(exception.Message)}); this run trains without it (`{ConsoleText.Markup(resource.DownloadCommand)}` tries again).");
            }
        }
    }
}
