using System.ComponentModel.DataAnnotations;

namespace TwitterSentiment.WebClient.Hosting;

/// <summary>Input limits and abuse protection for the site; bound from the "Site" section.</summary>
public sealed class SiteOptions : IValidatableObject
{
    public const string SectionName = "Site";

    /// <summary>Characters per text; tweets are at most 280.</summary>
    [Range(1, 10_000)]
    public int MaxTextLength { get; set; } = 280;

    /// <summary>Lines accepted in the batch text box.</summary>
    [Range(1, 10_000)]
    public int MaxBatchLines { get; set; } = 200;

    /// <summary>Rows accepted from an uploaded CSV file.</summary>
    [Range(1, 100_000)]
    public int MaxUploadRows { get; set; } = 1_000;

    [Range(1, 64 * 1024 * 1024)]
    public int MaxUploadBytes { get; set; } = 1024 * 1024;

    /// <summary>Largest request body Kestrel accepts; above the upload limit so an oversized file gets a friendly message.</summary>
    [Range(1, 128 * 1024 * 1024)]
    public int MaxRequestBytes { get; set; } = 2 * 1024 * 1024;

    /// <summary>Page requests one client address may make per window.</summary>
    [Range(1, 1_000_000)]
    public int RateLimitPermits { get; set; } = 60;

    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan RateLimitWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long /readyz waits for TF Serving before reporting not ready; below the probe timeout (3 s in k8s/).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan ReadinessTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Show the model server's address and the retry/circuit settings on the Model page. Off for public sites:
    /// visitors need neither, and the values are logged at start-up instead.
    /// </summary>
    public bool ShowServingInternals { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (MaxRequestBytes <= MaxUploadBytes)
        {
            yield return new ValidationResult("MaxRequestBytes must be larger than MaxUploadBytes.", [nameof(MaxRequestBytes)]);
        }
    }
}
