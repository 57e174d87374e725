namespace TwitterSentiment.WebClient.Tests.Fakes;

/// <summary>A misbehaviour the fake TF Serving can show on a request.</summary>
public sealed record Fault(int StatusCode, string? Body, bool Hangs = false, bool NaNProbabilities = false)
{
    public static Fault Unavailable { get; } = new(503, "{ \"error\": \"The server is overloaded\" }");

    public static Fault InternalError { get; } = new(500, "{ \"error\": \"Internal: kernel failed\" }");

    public static Fault Hang { get; } = new(0, null, Hangs: true);

    public static Fault MalformedJson { get; } = new(200, "{ \"predictions\": [ { \"probability\": 0.9, ");

    public static Fault BareNaN { get; } = new(200, null, NaNProbabilities: true);

    public static Fault BadRequest(string message) => new(400, $"{{ \"error\": \"{message}\" }}");
}
