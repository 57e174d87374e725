namespace TwitterSentiment.TestSupport;

/// <summary>
/// TF Serving's text-format <c>ModelServerConfig</c> (the <c>--model_config_file</c> both the local server and
/// tensorflow_model_server read) for one model: every version under the base path served (policy "all"), with
/// optional version labels such as stable → 1 and canary → 2.
/// </summary>
public static class ModelServerConfig
{
    /// <param name="basePath">The base path as the server sees it (a container sees its mount, not the host folder).</param>
    public static string Text(string modelName, string basePath, IReadOnlyDictionary<string, long>? labels = null)
    {
        string labelLines = string.Concat((labels ?? new Dictionary<string, long>())
            .Select(label => $"    version_labels {{ key: \"{label.Key}\" value: {label.Value} }}\n"));
        return $$"""
            model_config_list {
              config {
                name: "{{modelName}}"
                base_path: "{{basePath}}"
                model_platform: "tensorflow"
                model_version_policy { all {} }
            {{labelLines}}  }
            }

            """;
    }

    /// <summary>Writes <see cref="Text"/> to <paramref name="path"/> and returns the path.</summary>
    public static string Write(string path, string modelName, string basePath, IReadOnlyDictionary<string, long>? labels = null)
    {
        File.WriteAllText(path, Text(modelName, basePath, labels));
        return path;
    }
}
