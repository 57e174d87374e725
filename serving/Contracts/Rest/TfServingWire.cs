using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace TwitterSentiment.Contracts.Rest;

// The JSON shapes of TF Serving's REST API (TensorFlow Serving's RESTful API guide, api_rest.md). Everything is nullable because
// a server that breaks the contract must produce a clear error, not a NullReferenceException. Predict answers depend on the
// signature (one output: bare values per row; several: an object per row), so they are read as JSON nodes.

internal sealed record PredictRequest(string SignatureName, IReadOnlyList<string> Instances);

internal sealed record ModelStatusResponse(IReadOnlyList<ModelVersionStatusWire?>? ModelVersionStatus);

internal sealed record ModelVersionStatusWire(long? Version, string? State, StatusWire? Status);

internal sealed record StatusWire(string? ErrorCode, string? ErrorMessage);

internal sealed record ModelMetadataResponse(ModelSpecWire? ModelSpec, MetadataWire? Metadata);

internal sealed record ModelSpecWire(string? Name, string? SignatureName, long? Version);

internal sealed record MetadataWire(SignatureDefMapWire? SignatureDef);

internal sealed record SignatureDefMapWire(IReadOnlyDictionary<string, SignatureDefWire?>? SignatureDef);

internal sealed record SignatureDefWire(
    IReadOnlyDictionary<string, TensorInfoWire?>? Inputs,
    IReadOnlyDictionary<string, TensorInfoWire?>? Outputs,
    string? MethodName);

internal sealed record TensorInfoWire(string? Dtype, TensorShapeWire? TensorShape, string? Name);

internal sealed record TensorShapeWire(IReadOnlyList<DimWire?>? Dim, bool? UnknownRank);

internal sealed record DimWire(long? Size, string? Name);

internal sealed record ErrorBody(string? Error);

// int64 fields arrive as JSON strings (proto3 JSON); non-finite floats arrive as bare tokens that
// NonFiniteJson turns into strings first, which AllowNamedFloatingPointLiterals then reads.
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    NumberHandling = JsonNumberHandling.AllowReadingFromString | JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(PredictRequest))]
[JsonSerializable(typeof(JsonObject))]
[JsonSerializable(typeof(ModelStatusResponse))]
[JsonSerializable(typeof(ModelMetadataResponse))]
[JsonSerializable(typeof(ErrorBody))]
internal sealed partial class TfServingJsonContext : JsonSerializerContext;
