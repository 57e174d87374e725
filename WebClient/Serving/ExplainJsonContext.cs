using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace TwitterSentiment.WebClient.Serving;

/// <summary>Answers whose shape depends on the signature (tokenize, model_info, any version) are read as JSON nodes.</summary>
[JsonSerializable(typeof(JsonObject))]
internal sealed partial class ExplainJsonContext : JsonSerializerContext;
