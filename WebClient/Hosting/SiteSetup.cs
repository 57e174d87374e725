using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using TwitterSentiment.WebClient.Analysis;
using TwitterSentiment.WebClient.Pages;
using TwitterSentiment.WebClient.Serving;

namespace TwitterSentiment.WebClient.Hosting;

/// <summary>The site's wiring, kept out of Program.cs: the only place that registers services (the composition root).</summary>
internal static partial class SiteSetup
{
    public const string PerClientRateLimit = "per-client";

    public const string KeysDirectoryKey = "DataProtection:KeysDirectory";

    public static WebApplicationBuilder AddSentimentSite(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<SiteOptions>()
            .BindConfiguration(SiteOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate<IOptions<InputLimits>>((site, limits) => site.MaxRequestBytes > limits.Value.MaxUploadBytes, SiteOptions.RequestBelowUploadMessage)
            .ValidateOnStart();
        services.AddOptions<PageOptions>().BindConfiguration(PageOptions.SectionName);
        services.AddTfServingClient();
        services.AddSentimentAnalysis();
        services.AddRazorPages();
        services.AddHealthChecks().AddCheck<ModelReadyHealthCheck>("model", tags: ["ready"]);
        services.AddHostedService<PinnedModelCheck>();

        // Limits come from options, read when Kestrel and the form reader start, so tests and config agree.
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<SiteOptions>>((kestrel, site) =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = site.Value.MaxRequestBytes;
        });
        services.AddOptions<FormOptions>().Configure<IOptions<SiteOptions>>((form, site) =>
            form.MultipartBodyLengthLimit = site.Value.MaxRequestBytes);

        // Antiforgery tokens are encrypted with Data Protection keys. Containers run with a read-only root file
        // system, so the image points this at a writable directory; replicas behind a load balancer need either
        // sticky sessions or a key directory they share.
        var dataProtection = services.AddDataProtection().SetApplicationName("TwitterSentiment.WebClient");
        if (builder.Configuration[KeysDirectoryKey] is { Length: > 0 } keysDirectory)
        {
            dataProtection.PersistKeysToFileSystem(new DirectoryInfo(keysDirectory));
        }

        services.AddCompression();

        services.AddAntiforgery(antiforgery =>
        {
            antiforgery.Cookie.SameSite = SameSiteMode.Strict;
            antiforgery.Cookie.HttpOnly = true;
        });

        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = (rejected, _) =>
            {
                // Tell clients when to come back; the friendly 429 page is rendered by re-execution after this.
                var site = rejected.HttpContext.RequestServices.GetRequiredService<IOptions<SiteOptions>>().Value;
                var wait = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : site.RateLimitWindow;
                rejected.HttpContext.Response.Headers.RetryAfter = Math.Max(1, Math.Ceiling(wait.TotalSeconds)).ToString("0", CultureInfo.InvariantCulture);
                return ValueTask.CompletedTask;
            };
            // One fixed window per client address. Behind a reverse proxy, enable forwarded headers so this
            // sees the real client rather than the proxy.
            limiter.AddPolicy(PerClientRateLimit, context =>
            {
                var site = context.RequestServices.GetRequiredService<IOptions<SiteOptions>>().Value;
                return RateLimitPartition.GetFixedWindowLimiter(
                    context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = site.RateLimitPermits, Window = site.RateLimitWindow, QueueLimit = 0 });
            });
        });
        return builder;
    }

    public static WebApplication UseSentimentSite(this WebApplication app)
    {
        // The Model page no longer shows these to visitors (unless Site:ShowServingInternals); operators read them here.
        var serving = app.Services.GetRequiredService<IOptions<TfServingOptions>>().Value;
        LogServingSettings(
            app.Logger, serving.BaseAddress, serving.ModelName, serving.SignatureName, serving.AttemptTimeout, serving.TotalTimeout,
            serving.MaxRetryAttempts, serving.CircuitFailureRatio, serving.CircuitBreakDuration);
        app.UseResponseCompression();
        // In every environment: visitors get a friendly page, never a stack trace.
        app.UseExceptionHandler("/Error");
        app.UseStatusCodePagesWithReExecute("/Error");
        app.UseMiddleware<SecurityHeadersMiddleware>();
        app.Use(RefuseOversizedRequests);
        app.UseStaticFiles();
        app.UseRouting();
        app.UseRateLimiter();

        // Liveness checks the process only; readiness needs the model AVAILABLE in TF Serving.
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
        app.MapRazorPages().RequireRateLimiting(PerClientRateLimit);
        return app;
    }

    /// <summary>
    /// Brotli or gzip (as the browser accepts) for HTML, CSS, scripts and the CSV downloads: a 1,000-row Batch page is
    /// mostly repeated markup. HTTPS responses are compressed too, although pages carry an antiforgery token beside text
    /// the visitor posted (BREACH needs a secret that repeats byte for byte across responses while the attacker varies
    /// text reflected next to it): ASP.NET Core encrypts the request token afresh for every response (Data Protection,
    /// random key modifier and IV), so no two pages carry the same token bytes (SafetyTests checks this), and a cross-site
    /// attacker cannot get text into a page that carries a token, since every page that shows posted text needs that
    /// token to be posted. The results id in Batch links is a secret too, but only pages about those results show it and
    /// they reflect nothing a third party can choose.
    /// </summary>
    private static void AddCompression(this IServiceCollection services)
    {
        services.AddResponseCompression(compression =>
        {
            compression.EnableForHttps = true;
            compression.Providers.Add<BrotliCompressionProvider>();
            compression.Providers.Add<GzipCompressionProvider>();
            compression.MimeTypes = [.. ResponseCompressionDefaults.MimeTypes, "text/csv"];
        });
    }

    /// <summary>
    /// Answers 413 (and so the friendly "too large" page) from the declared length, before antiforgery or
    /// model binding read the form and fail with a less helpful 400. Kestrel's own limit still catches bodies
    /// that do not declare their length.
    /// </summary>
    private static Task RefuseOversizedRequests(HttpContext context, RequestDelegate next)
    {
        int limit = context.RequestServices.GetRequiredService<IOptions<SiteOptions>>().Value.MaxRequestBytes;
        // The friendly page is rendered by re-executing this same request: let that pass.
        if (context.Request.ContentLength is { } length && length > limit && context.Features.Get<IStatusCodeReExecuteFeature>() is null)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            // An oversized batch upload gets its message on the Batch page itself, with the form: the request
            // becomes that page's GET (its body is never read), still answered with 413.
            if (HttpMethods.IsPost(context.Request.Method) && context.Request.Path.Equals("/Batch", StringComparison.OrdinalIgnoreCase))
            {
                context.Request.Method = HttpMethods.Get;
                context.Request.ContentType = null; // so model binding never tries to read the refused form
                context.Request.QueryString = QueryString.Create("handler", "TooLarge").Add("bytes", length.ToString(CultureInfo.InvariantCulture));
                return next(context);
            }

            return Task.CompletedTask;
        }

        return next(context);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "TF Serving at {BaseAddress}, model {ModelName}, signature {SignatureName}; " +
        "timeout {AttemptTimeout} per attempt and {TotalTimeout} in total, {Retries} retries, circuit opens at {FailureRatio} failures for {BreakDuration}")]
    private static partial void LogServingSettings(
        ILogger logger, Uri baseAddress, string modelName, string signatureName, TimeSpan attemptTimeout, TimeSpan totalTimeout,
        int retries, double failureRatio, TimeSpan breakDuration);
}
