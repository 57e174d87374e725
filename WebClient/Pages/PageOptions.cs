namespace TwitterSentiment.WebClient.Pages;

/// <summary>What the pages show besides the analysis; bound from the "Site" section.</summary>
public sealed class PageOptions
{
    public const string SectionName = "Site";

    /// <summary>
    /// Show the model server's address and the retry/circuit settings on the Model page. Off for public sites:
    /// visitors need neither, and the values are logged at start-up instead.
    /// </summary>
    public bool ShowServingInternals { get; set; }
}
