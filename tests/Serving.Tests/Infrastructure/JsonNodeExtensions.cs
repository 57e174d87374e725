using System.Text.Json.Nodes;

namespace TwitterSentiment.Serving.Tests.Infrastructure;

/// <summary>Navigation in a JSON reply that fails the test with the document when a member is missing.</summary>
internal static class JsonNodeExtensions
{
    public static JsonNode At(this JsonNode? node, string key) =>
        node?[key] ?? throw new AssertionException($"No \"{key}\" in {node?.ToJsonString() ?? "null"}");

    public static JsonNode At(this JsonNode? node, int index) =>
        node is JsonArray array && index < array.Count && array[index] is { } item
            ? item
            : throw new AssertionException($"No element {index} in {node?.ToJsonString() ?? "null"}");

    public static JsonArray Items(this JsonNode? node) =>
        node as JsonArray ?? throw new AssertionException($"Not an array: {node?.ToJsonString() ?? "null"}");

    public static string Text(this JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out string? text) ? text : throw new AssertionException($"Not a string: {node?.ToJsonString() ?? "null"}");

    public static double Number(this JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<double>(out double number) ? number : throw new AssertionException($"Not a number: {node?.ToJsonString() ?? "null"}");

    public static long Integer(this JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<long>(out long number) ? number : throw new AssertionException($"Not an integer: {node?.ToJsonString() ?? "null"}");
}
