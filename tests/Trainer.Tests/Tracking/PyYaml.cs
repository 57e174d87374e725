using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace TwitterSentiment.Trainer.Tests.Tracking;

/// <summary>Reads YAML the way PyYAML's SafeLoader types it, so tests can check what Python would see.</summary>
internal static partial class PyYaml
{
    public static YamlMappingNode LoadMapping(string path)
    {
        string text = File.ReadAllText(path);
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode mapping)
            throw new InvalidDataException($"{path} is empty or not a mapping.");
        return mapping;
    }

    public static Dictionary<string, YamlNode> Fields(string path) =>
        LoadMapping(path).Children.ToDictionary(pair => ((YamlScalarNode)pair.Key).Value ?? "", pair => pair.Value);

    /// <summary>The Python type SafeLoader gives a node: str, int, float, bool, NoneType, list or dict.</summary>
    public static string TypeOf(YamlNode node) => node switch
    {
        YamlSequenceNode => "list",
        YamlMappingNode => "dict",
        YamlScalarNode { Style: ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted or ScalarStyle.Literal or ScalarStyle.Folded } => "str",
        YamlScalarNode scalar => PlainType(scalar.Value ?? ""),
        _ => "unknown",
    };

    public static string Text(YamlNode node) => ((YamlScalarNode)node).Value ?? "";

    public static long Int(YamlNode node) => long.Parse(Text(node), CultureInfo.InvariantCulture);

    // YAML 1.1 implicit resolvers as PyYAML implements them (the common forms).
    private static string PlainType(string value) => value switch
    {
        "" or "~" or "null" or "Null" or "NULL" => "NoneType",
        _ when BoolPattern().IsMatch(value) => "bool",
        _ when IntPattern().IsMatch(value) => "int",
        _ when FloatPattern().IsMatch(value) => "float",
        _ => "str",
    };

    [GeneratedRegex("^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$")]
    private static partial Regex BoolPattern();

    [GeneratedRegex("^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$")]
    private static partial Regex IntPattern();

    [GeneratedRegex(@"^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$")]
    private static partial Regex FloatPattern();
}
