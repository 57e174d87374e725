using System.ComponentModel.DataAnnotations;

namespace TwitterSentiment.WebClient.Hosting;

/// <summary>How the site protects itself: request size and rate limits; bound from the "Site" section.</summary>
public sealed class SiteOptions
{
    public const string SectionName = "Site";

    /// <summary>What a request limit at or below the upload limit is told at start-up.</summary>
    public const string RequestBelowUploadMessage = "Site:MaxRequestBytes must be larger than Site:MaxUploadBytes, so an oversized file gets a friendly message.";

    /// <summary>Largest request body Kestrel accepts; above the upload limit so an oversized file gets a friendly message.</summary>
    [Range(1, 128 * 1024 * 1024)]
    public int MaxRequestBytes { get; set; } = 2 * 1024 * 1024;

    /// <summary>Page requests one client address may make per window.</summary>
    [Range(1, 1_000_000)]
    public int RateLimitPermits { get; set; } = 60;

    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan RateLimitWindow { get; set; } = TimeSpan.FromMinutes(1);
}
