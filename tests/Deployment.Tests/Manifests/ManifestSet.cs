using System.Text.Json.Nodes;

namespace TwitterSentiment.Deployment.Tests.Manifests;

/// <summary>The documents one kustomization renders to, with the look-ups the cross-object checks need.</summary>
internal sealed class ManifestSet(IReadOnlyList<JsonObject> documents)
{
    public IReadOnlyList<JsonObject> Documents { get; } = documents;

    public static ManifestSet Parse(string yaml) => new(YamlDocuments.Parse(yaml));

    /// <summary>A deep copy that a test can break without touching the cached rendering.</summary>
    public ManifestSet Clone() => new(Documents.Select(d => (JsonObject)d.DeepClone()).ToList());

    public IEnumerable<JsonObject> OfKind(string kind) =>
        Documents.Where(d => string.Equals(d.Text("kind"), kind, StringComparison.Ordinal));

    public JsonObject Get(string kind, string name) =>
        OfKind(kind).FirstOrDefault(d => d.Text("metadata.name") == name)
        ?? throw new InvalidOperationException($"No {kind}/{name} in the rendered manifests.");

    /// <summary>Pod-creating workloads (all this project uses are Deployments; StatefulSets would fit too).</summary>
    public IEnumerable<JsonObject> Workloads => Documents.Where(d => d.Text("kind") is "Deployment" or "StatefulSet" or "DaemonSet");

    public static string Describe(JsonNode document) => $"{document.Text("kind")}/{document.Text("metadata.name")}";

    public static string? Namespace(JsonNode document) => document.Text("metadata.namespace");

    public static IReadOnlyDictionary<string, string> PodLabels(JsonNode workload) => workload.Map("spec.template.metadata.labels");

    public static IEnumerable<JsonObject> Containers(JsonNode workload) => workload.Objects("spec.template.spec.containers");

    /// <summary>True when every selector pair is among the labels (an empty selector matches everything).</summary>
    public static bool Matches(IReadOnlyDictionary<string, string> selector, IReadOnlyDictionary<string, string> labels) =>
        selector.All(pair => labels.TryGetValue(pair.Key, out string? value) && value == pair.Value);

    /// <summary>The image repository without its tag ("twittersentiment/tf-serving:3" → "twittersentiment/tf-serving").</summary>
    public static string ImageRepository(string image)
    {
        int lastSlash = image.LastIndexOf('/');
        int colon = image.IndexOf(':', lastSlash + 1);
        return colon < 0 ? image : image[..colon];
    }
}
