using System.ComponentModel.DataAnnotations;
using TwitterSentiment.Contracts;
using TwitterSentiment.Contracts.Rest;

namespace TwitterSentiment.WebClient.Serving;

/// <summary>Where TF Serving lives and how patiently we call it; bound from the "TfServing" section.</summary>
public sealed class TfServingOptions : IValidatableObject
{
    public const string SectionName = "TfServing";

    /// <summary>What a bad <see cref="ModelName"/> is told at start-up: the trainer's rule, in the same words.</summary>
    public const string ModelNameMessage = "ModelName must be " + ServingContract.ModelNameRule + ".";

    /// <summary>What a malformed <see cref="Label"/> is told at start-up.</summary>
    public const string LabelMessage = "Label must be " + ModelTarget.LabelRule + ".";

    [Required]
    public Uri BaseAddress { get; set; } = new("http://localhost:8501");

    /// <summary>Checked by <see cref="ServingContract.IsValidModelName"/> in <see cref="Validate"/>.</summary>
    [Required]
    public string ModelName { get; set; } = ServingContract.ModelName;

    [Required, RegularExpression("^[^/:]+$", ErrorMessage = "SignatureName must not contain '/' or ':'.")]
    public string SignatureName { get; set; } = ServingContract.ServingSignature;

    /// <summary>Pins the site to this version (TF Serving's /versions/N) instead of the newest; visitors may still pick another.</summary>
    [Range(1, long.MaxValue, ErrorMessage = "Version must be a positive whole number.")]
    public long? Version { get; set; }

    /// <summary>Pins the site to this version label (TF Serving's /labels/L, e.g. stable) instead of the newest.</summary>
    public string? Label { get; set; }

    /// <summary>What the site calls when the visitor picks nothing: the pinned version or label, or null for the newest.</summary>
    public ModelTarget? Pinned => Version is { } version ? ModelTarget.ForVersion(version) : Label is { } label ? ModelTarget.ForLabel(label) : null;

    /// <summary>Limit for one HTTP attempt; a hung server is abandoned after this.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:05:00")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Limit for a whole call including retries and back-off.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(15);

    [Range(0, 10)]
    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>First back-off delay; it doubles on each retry, with jitter.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Share of failed attempts in the sampling window that opens the circuit.</summary>
    [Range(0.01, 1.0)]
    public double CircuitFailureRatio { get; set; } = 0.5;

    [Range(2, 1000)]
    public int CircuitMinimumThroughput { get; set; } = 6;

    [Range(typeof(TimeSpan), "00:00:00.500", "01:00:00")]
    public TimeSpan CircuitSamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    [Range(typeof(TimeSpan), "00:00:00.500", "01:00:00")]
    public TimeSpan CircuitBreakDuration { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long the model status shown beside each answer may be reused.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan StatusCacheDuration { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Instances per predict request; larger batches are split.</summary>
    [Range(1, 10_000)]
    public int PredictBatchSize { get; set; } = 128;

    /// <summary>How long /readyz waits for TF Serving before reporting not ready; below the probe timeout (3 s in k8s/).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan ReadinessTimeout { get; set; } = TimeSpan.FromSeconds(2);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!BaseAddress.IsAbsoluteUri || (BaseAddress.Scheme != Uri.UriSchemeHttp && BaseAddress.Scheme != Uri.UriSchemeHttps))
        {
            yield return new ValidationResult("BaseAddress must be an absolute http(s) URL.", [nameof(BaseAddress)]);
        }

        if (!ServingContract.IsValidModelName(ModelName))
        {
            yield return new ValidationResult(ModelNameMessage, [nameof(ModelName)]);
        }

        if (Version is not null && Label is not null)
        {
            yield return new ValidationResult("Set Version or Label to pin the model, not both.", [nameof(Version), nameof(Label)]);
        }

        if (Label is not null && ModelTarget.Parse(Label) is not { Label: not null })
        {
            yield return new ValidationResult(LabelMessage, [nameof(Label)]);
        }

        if (TotalTimeout < AttemptTimeout)
        {
            yield return new ValidationResult("TotalTimeout must be at least AttemptTimeout.", [nameof(TotalTimeout)]);
        }
    }
}
