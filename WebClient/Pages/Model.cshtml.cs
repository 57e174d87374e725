using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using TwitterSentiment.WebClient.Analysis;
using TwitterSentiment.WebClient.Hosting;
using TwitterSentiment.WebClient.Serving;

namespace TwitterSentiment.WebClient.Pages;

/// <summary>What TF Serving says about the model: versions and states, and the signatures it exposes.</summary>
public sealed class ModelModel(TfServingClient client, IOptions<TfServingOptions> serving, IOptions<SiteOptions> site) : PageModel
{
    public TfServingOptions Serving => serving.Value;

    public bool ShowServingInternals => site.Value.ShowServingInternals;

    public ModelStatus? Status { get; private set; }

    public ModelMetadata? Metadata { get; private set; }

    public ModelProblem? Problem { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        try
        {
            Status = await client.GetModelStatusAsync(cancellationToken);
            // Metadata only exists once a version is loaded; asking earlier just yields a 404.
            if (Status.IsAvailable)
            {
                Metadata = await client.GetModelMetadataAsync(cancellationToken);
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
}
