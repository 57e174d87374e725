using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace TwitterSentiment.Trainer.Tracking.FileStore;

/// <summary>
/// YAML the way MLflow writes it (PyYAML safe_dump, block style, sorted keys), with every string single-quoted so
/// that ids like <c>'0'</c> or names like <c>true</c> keep their type when Python reads them back.
/// Supported values: string, int, long, bool, null, a list of strings, and nested string-keyed maps.
/// </summary>
internal static class MlflowYaml
{
    public static string Serialize(IReadOnlyDictionary<string, object?> document)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        var emitter = new Emitter(writer, new EmitterSettings(bestIndent: 2, bestWidth: int.MaxValue, isCanonical: false,
            maxSimpleKeyLength: 1024, skipAnchorName: false, indentSequences: false));
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart(null, null, isImplicit: true));
        EmitMapping(emitter, document);
        emitter.Emit(new DocumentEnd(isImplicit: true));
        emitter.Emit(new StreamEnd());
        string text = writer.ToString();
        return text.EndsWith('\n') ? text : text + "\n";
    }

    /// <summary>Reads a top-level mapping; scalars come back as their text (null for YAML null).</summary>
    public static Dictionary<string, string?> ReadScalars(string path)
    {
        using var reader = new StreamReader(path, AtomicFile.Utf8);
        var stream = new YamlStream();
        stream.Load(reader);
        var result = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
            return result;
        foreach (var (key, value) in root.Children)
        {
            if (key is YamlScalarNode { Value: { } name } && value is YamlScalarNode scalar)
                result[name] = IsNull(scalar) ? null : scalar.Value;
        }

        return result;
    }

    private static bool IsNull(YamlScalarNode scalar) =>
        scalar.Style == ScalarStyle.Plain && scalar.Value is null or "" or "null" or "~" or "Null" or "NULL";

    private static void EmitMapping(Emitter emitter, IEnumerable<KeyValuePair<string, object?>> mapping)
    {
        emitter.Emit(new MappingStart(null, null, isImplicit: true, MappingStyle.Block));
        foreach (var (key, value) in mapping.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            emitter.Emit(new Scalar(null, null, key, ScalarStyle.Plain, isPlainImplicit: true, isQuotedImplicit: false));
            EmitValue(emitter, value);
        }

        emitter.Emit(new MappingEnd());
    }

    private static void EmitValue(Emitter emitter, object? value)
    {
        switch (value)
        {
            case null:
                EmitPlain(emitter, "null");
                break;
            case string text:
                emitter.Emit(new Scalar(null, null, text, ScalarStyle.SingleQuoted, isPlainImplicit: false, isQuotedImplicit: true));
                break;
            case bool flag:
                EmitPlain(emitter, flag ? "true" : "false");
                break;
            case int or long:
                EmitPlain(emitter, Convert.ToString(value, CultureInfo.InvariantCulture) ?? "0");
                break;
            case IReadOnlyDictionary<string, object?> map:
                EmitMapping(emitter, map);
                break;
            case IEnumerable<string> items:
                var list = items.ToList();
                emitter.Emit(new SequenceStart(null, null, isImplicit: true, list.Count == 0 ? SequenceStyle.Flow : SequenceStyle.Block));
                foreach (string item in list)
                    EmitValue(emitter, item);
                emitter.Emit(new SequenceEnd());
                break;
            default:
                throw new ArgumentException($"Unsupported YAML value type {value.GetType().Name}.", nameof(value));
        }
    }

    private static void EmitPlain(Emitter emitter, string text) =>
        emitter.Emit(new Scalar(null, null, text, ScalarStyle.Plain, isPlainImplicit: true, isQuotedImplicit: false));
}
