using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using TwitterSentiment.WebClient.Analysis;
using TwitterSentiment.WebClient.Serving;

namespace TwitterSentiment.WebClient.Pages;

/// <summary>
/// What TF Serving says about the model: versions and states, and for one version (the visitor's choice, else the
/// pinned one, else the newest) what its export says about its training and the signatures it exposes.
/// </summary>
public sealed class ModelModel(ModelDescriber describer, ModelVersions versions, IOptions<TfServingOptions> serving, IOptions<PageOptions> pages) : PageModel
{
    /// <summary>The version or label to describe (a GET form and the versions table's links set it).</summary>
    [BindProperty(Name = "version", SupportsGet = true), Display(Name = "Version or label")]
    public string? Version { get; set; }

    public TfServingOptions Serving => serving.Value;

    public bool ShowServingInternals => pages.Value.ShowServingInternals;

    public ModelDescription Description { get; private set; } = null!;

    public ModelPicker Picker { get; private set; } = null!;

    public string? VersionError { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        if (!ModelPicker.TryRead(Version, out var choice))
        {
            VersionError = ModelPicker.Invalid;
        }

        Description = await describer.DescribeAsync(choice, cancellationToken);
        Picker = new ModelPicker("version", "version", Version, versions.Known, "Show version or label");
    }
}
