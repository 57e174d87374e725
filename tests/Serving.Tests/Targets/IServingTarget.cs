namespace TwitterSentiment.Serving.Tests.Targets;

/// <summary>A running server that speaks TF Serving's REST API for a <see cref="ServingSetup"/>.</summary>
internal interface IServingTarget : IAsyncDisposable
{
    string Name { get; }

    /// <summary>A client whose BaseAddress is the REST endpoint.</summary>
    HttpClient Client { get; }

    /// <summary>Whether the server refuses oversized bodies (TF Serving reads any size).</summary>
    bool LimitsRequestBody { get; }

    /// <summary>Logs for assertion messages.</summary>
    string Describe();
}
