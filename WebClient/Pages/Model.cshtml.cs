using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using TwitterSentiment.Contracts.Rest;
using TwitterSentiment.WebClient.Analysis;
using TwitterSentiment.WebClient.Serving;

namespace TwitterSentiment.WebClient.Pages;

/// <summary>What TF Serving says about the model: versions and states, and the signatures it exposes.</summary>
public sealed class ModelModel(TfServingClient client, IOptions<TfServingOptions> serving, IOptions<PageOptions> pages) : PageModel
{
    public TfServingOptions Serving => serving.Value;

    public bool ShowServingInternals => pages.Value.ShowServingInternals;

    public ModelStatus? Status { get; private set; }

    public ModelMetadata? Metadata { get; private set; }

    public ModelProblem? Problem { get; private set; }

    /// <summary>What the served export says about its training; see <see cref="ModelInfoState"/>.</summary>
    public ModelInfo? Info { get; private set; }

    /// <summary>"shown", "absent" (an export without model_info), "unreadable" or "unavailable".</summary>
    public string ModelInfoState { get; private set; } = "unavailable";

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        try
        {
            Status = await client.GetModelStatusAsync(cancellationToken);
            // Metadata only exists once a version is loaded; asking earlier just yields a 404.
            if (Status.IsAvailable)
            {
                Metadata = await client.GetModelMetadataAsync(cancellationToken);
                await LoadModelInfoAsync(cancellationToken);
            }
            else
            {
                Problem = ModelProblem.NotAvailable(Status, Serving.ModelName);
            }
        }
        catch (TfServingException ex)
        {
            Problem = ModelProblem.From(ex, Serving.ModelName);
        }
    }

    /// <summary>Model info is optional: its absence or a failure never hides the rest of the page.</summary>
    private async Task LoadModelInfoAsync(CancellationToken cancellationToken)
    {
        try
        {
            string? json = await client.GetModelInfoJsonAsync(target: null, cancellationToken);
            Info = json is null ? null : ModelInfo.Parse(json);
            ModelInfoState = json is null ? "absent" : Info is null ? "unreadable" : "shown";
        }
        catch (TfServingException)
        {
            ModelInfoState = "unavailable";
        }
    }
}
