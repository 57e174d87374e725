using System.Text.Json.Nodes;

namespace TwitterSentiment.Trainer.Tests.Export;

/// <summary>
/// Runs serving/tools/run-saved-model.mjs (TensorFlow.js) on an exported SavedModel. Installs serving/'s npm
/// packages with <c>npm ci</c> first when they are missing, so the suite works on a fresh clone where only
/// Node.js and npm exist.
/// </summary>
internal static class NodeHarness
{
    private static readonly Lock InstallLock = new();
    private static bool _installed;

    public static string ServingDirectory => Repository.Path("serving");

    /// <summary>Ignores the calling test when Node.js is absent; installs the npm packages when needed.</summary>
    public static void EnsureInstalled()
    {
        lock (InstallLock)
        {
            if (_installed) return;
            var node = ProcessRunner.TryRun("node", ["--version"], ServingDirectory, timeout: TimeSpan.FromSeconds(30));
            if (node is null) Assert.Ignore("Node.js is not installed; the TensorFlow.js checks need node and npm on PATH.");

            if (!File.Exists(Path.Combine(ServingDirectory, "node_modules", "@tensorflow", "tfjs-converter", "package.json")))
            {
                var npm = ProcessRunner.TryRun("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], ServingDirectory, timeout: TimeSpan.FromMinutes(5));
                if (npm is null) Assert.Ignore("npm is not installed; it is needed to install TensorFlow.js into serving/.");
                if (npm.ExitCode != 0) Assert.Fail($"npm ci in serving/ failed ({npm.ExitCode}):\n{npm.StandardError}");
            }
            _installed = true;
        }
    }

    /// <summary>Runs one signature; fails the test with Node's message when the harness exits non-zero.</summary>
    public static JsonObject Run(string versionDirectory, string signature, JsonObject inputs, string backend = "cpu")
    {
        var result = TryRun(versionDirectory, signature, inputs, backend);
        if (result.ExitCode != 0)
            Assert.Fail($"run-saved-model.mjs exited with {result.ExitCode}: {result.StandardError}");
        return JsonNode.Parse(result.StandardOutput)?.AsObject()
            ?? throw new InvalidDataException("run-saved-model.mjs printed nothing.");
    }

    /// <summary>Runs an ES module given as text, from serving/ (so it can import ./lib/saved-model.mjs).</summary>
    public static ProcessResult RunModule(string source)
    {
        EnsureInstalled();
        return ProcessRunner.Run("node", ["--input-type=module", "-"], ServingDirectory, source, TimeSpan.FromMinutes(3));
    }

    public static ProcessResult TryRun(string versionDirectory, string signature, JsonObject inputs, string backend = "cpu")
    {
        EnsureInstalled();
        string script = Path.Combine(ServingDirectory, "tools", "run-saved-model.mjs");
        return ProcessRunner.Run("node", [script, versionDirectory, signature, "--backend", backend], ServingDirectory,
            inputs.ToJsonString(), TimeSpan.FromMinutes(3));
    }

    /// <summary>Reads a harness output's flat values as floats.</summary>
    public static float[] Floats(JsonObject outputs, string alias) =>
        [.. Values(outputs, alias).Select(v => Present(v).GetValue<float>())];

    public static long[] Longs(JsonObject outputs, string alias) =>
        [.. Values(outputs, alias).Select(v => Present(v).GetValue<long>())];

    public static string[] Strings(JsonObject outputs, string alias) =>
        [.. Values(outputs, alias).Select(v => Present(v).GetValue<string>())];

    public static int[] Shape(JsonObject outputs, string alias) =>
        [.. (outputs[alias]?["shape"]?.AsArray() ?? throw new InvalidDataException($"No output {alias}.")).Select(v => Present(v).GetValue<int>())];

    private static JsonNode Present(JsonNode? value) => value ?? throw new InvalidDataException("The harness printed a null value.");

    private static JsonArray Values(JsonObject outputs, string alias) =>
        outputs[alias]?["values"]?.AsArray() ?? throw new InvalidDataException($"No output {alias} in {outputs.ToJsonString()[..Math.Min(200, outputs.ToJsonString().Length)]}.");

    public static JsonObject TextInput(IEnumerable<string> texts) => new() { ["text"] = new JsonArray([.. texts.Select(t => JsonValue.Create(t))]) };
}
