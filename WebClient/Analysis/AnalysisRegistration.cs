namespace TwitterSentiment.WebClient.Analysis;

internal static class AnalysisRegistration
{
    /// <summary>
    /// Registers what the pages use to analyse tweets: the input limits (validated at start-up), which version answers,
    /// the one analysis service, the version comparison, the model description and the store that keeps batch results
    /// for their download. Needs the TF Serving client (<c>AddTfServingClient</c>).
    /// </summary>
    public static IServiceCollection AddSentimentAnalysis(this IServiceCollection services)
    {
        services.AddOptions<InputLimits>()
            .BindConfiguration(InputLimits.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddScoped<ModelVersions>();
        services.AddScoped<SentimentAnalyzer>();
        services.AddScoped<VersionComparer>();
        services.AddScoped<ModelDescriber>();
        services.AddSingleton<BatchResultsStore>();
        return services;
    }
}
