namespace TwitterSentiment.Contracts.Rest;

/// <summary>TF Serving's REST paths (relative, so a base address with a path prefix keeps it), with versions and labels.</summary>
public static class ServingPaths
{
    /// <summary>The server's address with a trailing slash: relative paths are then appended, not substituted for its last segment.</summary>
    public static Uri BaseAddress(Uri server)
    {
        ArgumentNullException.ThrowIfNull(server);
        return new Uri(server.AbsoluteUri.TrimEnd('/') + "/");
    }

    /// <summary><c>v1/models/&lt;name&gt;</c>, then <c>/versions/N</c> or <c>/labels/L</c> when a target is given: the status path.</summary>
    public static string Model(string modelName, ModelTarget? target = null)
    {
        ArgumentNullException.ThrowIfNull(modelName);
        string model = "v1/models/" + Uri.EscapeDataString(modelName);
        return target is null ? model : $"{model}/{target.PathSegment}";
    }

    public static string Metadata(string modelName, ModelTarget? target = null) => Model(modelName, target) + "/metadata";

    public static string Predict(string modelName, ModelTarget? target = null) => Model(modelName, target) + ":predict";
}
