using System.Net;
using System.Text.Json.Nodes;

namespace TwitterSentiment.TestSupport;

/// <summary>Waits for a model server (serving/local-server or real TF Serving) to report a model version AVAILABLE.</summary>
public static class ModelAvailability
{
    /// <summary>
    /// Polls TF Serving's model status (local server or real TF Serving) until <paramref name="availableVersions"/> versions
    /// of <paramref name="modelName"/> are AVAILABLE; throws with <paramref name="describe"/>'s text when the server dies or
    /// <paramref name="timeout"/> passes.
    /// </summary>
    public static async Task WaitAsync(
        HttpClient client, string modelName, Func<bool> isAlive, Func<string> describe, TimeSpan timeout, CancellationToken cancellationToken,
        int availableVersions = 1)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(isAlive);
        ArgumentNullException.ThrowIfNull(describe);
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (!isAlive())
            {
                throw new InvalidOperationException($"The server exited before the model became available.\n{describe()}");
            }

            try
            {
                using var response = await client.GetAsync(new Uri($"/v1/models/{modelName}", UriKind.Relative), cancellationToken);
                string body = await response.Content.ReadAsStringAsync(cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK && JsonNode.Parse(body)?["model_version_status"] is JsonArray versions
                    && versions.Count(v => v?["state"]?.GetValue<string>() == "AVAILABLE") >= availableVersions)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // One slow poll (the client's own timeout); try again.
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
        }

        throw new TimeoutException($"{availableVersions} version(s) of the model did not become AVAILABLE within {timeout}.\n{describe()}");
    }
}
