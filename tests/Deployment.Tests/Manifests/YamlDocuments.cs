using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace TwitterSentiment.Deployment.Tests.Manifests;

/// <summary>
/// Reads YAML documents into System.Text.Json nodes, which are easy to query and to mutate in tests, and writes
/// them back as YAML (JSON is a subset of YAML, so the tools read it unchanged).
/// </summary>
internal static class YamlDocuments
{
    public static IReadOnlyList<JsonObject> Parse(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return stream.Documents.Select(document => ToJson(document.RootNode)).OfType<JsonObject>().ToList();
    }

    public static JsonObject ParseSingle(string yaml) =>
        Parse(yaml) is [var only] ? only : throw new FormatException("Expected exactly one YAML document.");

    public static string Write(IEnumerable<JsonObject> documents) =>
        string.Join("\n---\n", documents.Select(document => document.ToJsonString())) + "\n";

    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode mapping => new JsonObject(mapping.Children.Select(pair =>
            KeyValuePair.Create(((YamlScalarNode)pair.Key).Value ?? string.Empty, ToJson(pair.Value)))),
        YamlSequenceNode sequence => new JsonArray(sequence.Children.Select(ToJson).ToArray()),
        YamlScalarNode scalar => ToJson(scalar),
        _ => throw new FormatException($"Unsupported YAML node at {node.Start}."),
    };

    // YAML 1.2 core schema for plain scalars; quoted scalars are always strings.
    private static JsonValue? ToJson(YamlScalarNode scalar)
    {
        string text = scalar.Value ?? string.Empty;
        if (scalar.Style is not ScalarStyle.Plain)
        {
            return JsonValue.Create(text);
        }

        if (text is "" or "~" or "null" or "Null" or "NULL")
        {
            return null;
        }

        if (text is "true" or "True" or "TRUE" or "false" or "False" or "FALSE")
        {
            return JsonValue.Create(bool.Parse(text));
        }

        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long integer))
        {
            return JsonValue.Create(integer);
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double number) && text.Any(char.IsDigit)
            ? JsonValue.Create(number)
            : JsonValue.Create(text);
    }
}
