using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using TwitterSentiment.Deployment.Tests.Manifests;

namespace TwitterSentiment.Deployment.Tests.Checks;

/// <summary>
/// Checks that docker-compose.yml, the Dockerfiles and the Kubernetes manifests describe the same images, ports
/// and wiring, so that the two deployment routes cannot drift apart.
/// </summary>
internal static partial class ComposeChecks
{
    /// <summary>Image names and tags agree between compose (with its variables' defaults) and Kubernetes.</summary>
    public static IReadOnlyList<string> ImagesAgree(JsonObject compose, ManifestSet k8s)
    {
        var problems = new List<string>();
        foreach (var app in ServedApp.All)
        {
            string? composeImage = Interpolate(compose.Text($"services.{app.Name}.image"));
            if (composeImage is null)
            {
                problems.Add($"docker-compose.yml has no image for service {app.Name}.");
                continue;
            }

            if (ManifestSet.ImageRepository(composeImage) != app.ImageRepository)
            {
                problems.Add($"docker-compose.yml service {app.Name} runs {composeImage}, not {app.ImageRepository}.");
            }

            var k8sImages = ManifestChecks.WorkloadsOf(k8s, app).SelectMany(ManifestSet.Containers)
                .Select(c => c.Text("image")).Where(image => ServedApp.ForImage(image) == app).ToList();
            if (k8sImages.Count == 0)
            {
                problems.Add($"Kubernetes runs no {app.ImageRepository} image (compose runs {composeImage}).");
            }

            foreach (string? image in k8sImages.Where(image => image != composeImage))
            {
                problems.Add($"Kubernetes runs {image} but docker-compose.yml service {app.Name} defaults to {composeImage}.");
            }
        }

        return problems;
    }

    /// <summary>Container ports agree between compose, Kubernetes and each image's EXPOSE.</summary>
    public static IReadOnlyList<string> PortsAgree(JsonObject compose, ManifestSet k8s, IReadOnlyDictionary<string, Dockerfile> dockerfiles)
    {
        var problems = new List<string>();
        foreach (var app in ServedApp.All)
        {
            var expected = app.AllPorts.Order().ToList();
            var composePorts = ComposeContainerPorts(compose, app.Name);
            if (!composePorts.SequenceEqual(expected))
            {
                problems.Add($"docker-compose.yml service {app.Name} publishes container ports [{string.Join(", ", composePorts)}], expected [{string.Join(", ", expected)}].");
            }

            foreach (var workload in ManifestChecks.WorkloadsOf(k8s, app))
            {
                var k8sPorts = ManifestSet.Containers(workload).SelectMany(c => c.Objects("ports"))
                    .Select(p => (int)(p.Number("containerPort") ?? -1)).Order().ToList();
                if (!k8sPorts.SequenceEqual(expected))
                {
                    problems.Add($"{ManifestSet.Describe(workload)} declares container ports [{string.Join(", ", k8sPorts)}], expected [{string.Join(", ", expected)}].");
                }
            }

            if (dockerfiles.TryGetValue(app.Name, out var dockerfile) && !dockerfile.ExposedPorts.Order().SequenceEqual(expected))
            {
                problems.Add($"The {app.Name} Dockerfile exposes [{string.Join(", ", dockerfile.ExposedPorts)}], expected [{string.Join(", ", expected)}].");
            }
        }

        return problems;
    }

    /// <summary>The web client reaches TF Serving by its service name and REST port, in compose and in the ConfigMap.</summary>
    public static IReadOnlyList<string> WebClientReachesTfServing(JsonObject compose, ManifestSet k8s)
    {
        var problems = new List<string>();
        string expected = $"http://{ServedApp.TfServing.Name}:{ServedApp.TfServing.HttpPort}";
        string? composeAddress = compose.Scalar("services.webclient.environment.TfServing__BaseAddress");
        if (composeAddress != expected)
        {
            problems.Add($"docker-compose.yml webclient TfServing__BaseAddress is '{composeAddress}', expected {expected}.");
        }

        var configured = k8s.OfKind("ConfigMap").Select(c => c.Text("data.TfServing__BaseAddress")).Where(a => a is not null).ToList();
        if (configured.Count == 0)
        {
            problems.Add("No ConfigMap sets TfServing__BaseAddress for the web client.");
        }

        foreach (string? address in configured)
        {
            if (!Uri.TryCreate(address, UriKind.Absolute, out var uri))
            {
                problems.Add($"ConfigMap TfServing__BaseAddress '{address}' is not an absolute URL.");
                continue;
            }

            var service = k8s.OfKind("Service").FirstOrDefault(s => s.Text("metadata.name") == uri.Host);
            var port = service?.Objects("spec.ports").FirstOrDefault(p => p.Number("port") == uri.Port);
            var server = ManifestChecks.WorkloadsOf(k8s, ServedApp.TfServing).FirstOrDefault();
            if (service is null || port is null || server is null)
            {
                problems.Add($"ConfigMap TfServing__BaseAddress '{address}' names no Service port of this deployment.");
            }
            else if (ManifestChecks.ResolvePort(server, port.Scalar("targetPort") ?? port.Scalar("port")) != ServedApp.TfServing.HttpPort)
            {
                problems.Add($"ConfigMap TfServing__BaseAddress '{address}' reaches Service {uri.Host} port {uri.Port}, which is not TF Serving's REST port.");
            }
        }

        return problems;
    }

    /// <summary>Both services have health checks and restart policies, and the site waits for a healthy model server.</summary>
    public static IReadOnlyList<string> ServicesAreSupervised(JsonObject compose)
    {
        var problems = new List<string>();
        foreach (var app in ServedApp.All)
        {
            if (compose.At($"services.{app.Name}.healthcheck.test") is null)
            {
                problems.Add($"docker-compose.yml service {app.Name} has no healthcheck.");
            }

            else
            {
                // The health check must ask the app's own port for a path it serves: readiness for TF Serving (the
                // site waits on it), liveness for the site (it must stay healthy while TF Serving is away).
                string test = string.Join(' ', ((JsonArray?)compose.At($"services.{app.Name}.healthcheck.test") ?? []).Select(t => t?.ToString()));
                string path = app == ServedApp.TfServing ? app.ReadinessPath : app.LivenessPaths.First();
                if (!test.Contains($"/{app.HttpPort}", StringComparison.Ordinal) || !test.Contains($"GET {path} ", StringComparison.Ordinal))
                {
                    problems.Add($"docker-compose.yml service {app.Name} healthcheck does not request GET {path} on port {app.HttpPort}.");
                }
            }

            if (compose.Text($"services.{app.Name}.restart") is not ("always" or "unless-stopped" or "on-failure"))
            {
                problems.Add($"docker-compose.yml service {app.Name} has no restart policy.");
            }
        }

        if (compose.Text("services.webclient.depends_on.tf-serving.condition") != "service_healthy")
        {
            problems.Add("docker-compose.yml webclient does not wait for tf-serving to be healthy (depends_on condition service_healthy).");
        }

        return problems;
    }

    /// <summary>Compose variable defaults, as compose resolves them when the variable is unset.</summary>
    public static string? Interpolate(string? value) =>
        value is null ? null : VariableRegex().Replace(value, match => match.Groups["default"].Value);

    private static List<int> ComposeContainerPorts(JsonObject compose, string service) =>
        compose.At($"services.{service}.ports") is JsonArray ports
            ? ports.Select(p => p?.ToString() ?? string.Empty)
                .Select(p => p.Split('/')[0].Split(':')[^1])
                .Select(p => int.TryParse(p, out int port) ? port : -1)
                .Order()
                .ToList()
            : [];

    [GeneratedRegex(@"\$\{(?<name>[A-Za-z_][A-Za-z0-9_]*)(?::?-(?<default>[^}]*))?\}")]
    private static partial Regex VariableRegex();
}
