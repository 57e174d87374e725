using System.Text.Json;
using System.Text.Json.Nodes;

namespace TwitterSentiment.Deployment.Tests.Manifests;

/// <summary>Small, null-tolerant accessors for manifests read as JSON nodes.</summary>
internal static class JsonNodeExtensions
{
    /// <summary>The node at a dotted path such as "spec.template.metadata.labels", or null.</summary>
    public static JsonNode? At(this JsonNode? node, string path)
    {
        foreach (string segment in path.Split('.'))
        {
            node = node is JsonObject obj && obj.TryGetPropertyValue(segment, out var child) ? child : null;
        }

        return node;
    }

    /// <summary>The object at a path, for tests that change a manifest; throws when the path is absent.</summary>
    public static JsonObject ObjectAt(this JsonNode? node, string path) =>
        node.At(path) as JsonObject ?? throw new InvalidOperationException($"No object at {path}.");

    public static string? Text(this JsonNode? node, string path) =>
        node.At(path) is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    /// <summary>An integer, whether it was parsed from YAML (long) or set by a test (int).</summary>
    public static long? Number(this JsonNode? node, string path) => node.At(path) switch
    {
        JsonValue value when value.TryGetValue<long>(out long number) => number,
        JsonValue value when value.TryGetValue<int>(out int number) => number,
        _ => null,
    };

    public static IEnumerable<JsonObject> Objects(this JsonNode? node, string path) =>
        node.At(path) is JsonArray array ? array.OfType<JsonObject>() : [];

    /// <summary>A string map such as labels or matchLabels; empty when absent.</summary>
    public static IReadOnlyDictionary<string, string> Map(this JsonNode? node, string path) =>
        node.At(path) is JsonObject obj
            ? obj.Where(pair => pair.Value is JsonValue).ToDictionary(pair => pair.Key, pair => pair.Value?.ToString() ?? string.Empty, StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>A YAML int-or-string (ports, targetPort) as text, so "http" and 8501 compare the same way.</summary>
    public static string? Scalar(this JsonNode? node, string path) => node.At(path) switch
    {
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
        JsonValue value when value.GetValueKind() == JsonValueKind.Number => value.ToJsonString(),
        _ => null,
    };
}
