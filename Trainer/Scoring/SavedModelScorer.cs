using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using TwitterSentiment.Contracts;
using TwitterSentiment.Trainer.Data;

namespace TwitterSentiment.Trainer.Scoring;

/// <summary>
/// Scores with an exported SavedModel by running its graph (tokenizer included) on TensorFlow.js through the
/// project's own runner, <c>serving/tools/run-saved-model.mjs --lines</c>: one Node.js process keeps the model
/// loaded, and each batch is one line of JSON in and one line out.
/// </summary>
public sealed class SavedModelScorer : IModelScorer
{
    private static readonly TimeSpan ExitGrace = TimeSpan.FromSeconds(5);

    private readonly Process _node;
    private readonly StringBuilder _errors;
    private readonly int _batchSize;

    private SavedModelScorer(Process node, StringBuilder errors, int batchSize, string versionDirectory)
    {
        _node = node;
        _errors = errors;
        _batchSize = batchSize;
        VersionDirectory = versionDirectory;
        Description = $"SavedModel {versionDirectory} (TensorFlow.js)";
    }

    public string Description { get; }

    /// <summary>The version folder being run (a model folder given as the source resolves to its highest version).</summary>
    public string VersionDirectory { get; }

    /// <param name="signature">The signature every batch runs; <see cref="ScoreAsync"/> needs <see cref="ServingContract.ServingSignature"/>.</param>
    /// <exception cref="ModelSourceException">No SavedModel there, no Node.js or TensorFlow.js, or the graph does not load.</exception>
    public static async Task<SavedModelScorer> OpenAsync(SavedModelSource source, CancellationToken cancellationToken, string signature = ServingContract.ServingSignature)
    {
        ArgumentNullException.ThrowIfNull(source);
        string versionDirectory = ResolveVersionDirectory(source.Directory);
        string serving = FindServingDirectory();
        string script = Path.Combine(serving, "tools", "run-saved-model.mjs");
        if (!File.Exists(Path.Combine(serving, "node_modules", "@tensorflow", "tfjs-converter", "package.json")))
            throw new ModelSourceException($"TensorFlow.js is not installed in {serving}: run `npm ci` there once (serving/local-server does it on its first start), then try again.");

        var startInfo = new ProcessStartInfo("node")
        {
            WorkingDirectory = serving,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardInputEncoding = new UTF8Encoding(false),
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            ArgumentList = { script, versionDirectory, signature, "--lines" },
        };
        Process node;
        try
        {
            node = Process.Start(startInfo) ?? throw new ModelSourceException("Node.js did not start.");
        }
        catch (Win32Exception exception)
        {
            throw new ModelSourceException($"--saved-model runs the graph on Node.js, which is not on PATH ({exception.Message}). Install Node.js 20 or later, or serve the model and use --server.", exception);
        }

        var errors = new StringBuilder();
        node.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (errors) errors.AppendLine(e.Data);
        };
        node.BeginErrorReadLine();
        var scorer = new SavedModelScorer(node, errors, source.BatchSize, versionDirectory);
        try
        {
            string? ready = await node.StandardOutput.ReadLineAsync(cancellationToken);
            if (ready is null || !ready.Contains("\"ready\"", StringComparison.Ordinal))
                throw scorer.Failure($"The SavedModel {versionDirectory} cannot be loaded");
            return scorer;
        }
        catch
        {
            await scorer.DisposeAsync();
            throw;
        }
    }

    public Task<float[]> ScoreAsync(IReadOnlyList<string> texts, IProgress<int>? scored, CancellationToken cancellationToken) =>
        RunAsync(texts, ServingContract.ProbabilityOutput, 1, scored, cancellationToken);

    /// <summary>
    /// <paramref name="valuesPerText"/> float values of <paramref name="output"/> per text, row-major, from the
    /// signature the scorer was opened with.
    /// </summary>
    public Task<float[]> RunAsync(IReadOnlyList<string> texts, string output, int valuesPerText, IProgress<int>? scored, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(texts);
        return BatchedScoring.RunAsync(texts.Count, _batchSize, valuesPerText, async (start, size) =>
        {
            var batch = new JsonObject { [ServingContract.TextInput] = new JsonArray([.. texts.Skip(start).Take(size).Select(text => JsonValue.Create(text))]) };
            string? reply;
            try
            {
                await _node.StandardInput.WriteLineAsync(batch.ToJsonString().AsMemory(), cancellationToken);
                await _node.StandardInput.FlushAsync(cancellationToken);
                reply = await _node.StandardOutput.ReadLineAsync(cancellationToken);
            }
            catch (IOException)
            {
                reply = null; // the process died; its standard error says why
            }
            if (reply is null) throw Failure("TensorFlow.js stopped while scoring");
            return ReadValues(reply, output, size * valuesPerText);
        }, scored, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_node.HasExited)
            {
                _node.StandardInput.Close(); // ends the runner's input loop: it disposes the model and exits
                using var grace = new CancellationTokenSource(ExitGrace);
                try
                {
                    await _node.WaitForExitAsync(grace.Token);
                }
                catch (OperationCanceledException)
                {
                    _node.Kill(entireProcessTree: true);
                    await _node.WaitForExitAsync(CancellationToken.None);
                }
            }
        }
        catch (Exception exception) when (exception is IOException or InvalidOperationException)
        {
            // Already gone.
        }
        _node.Dispose();
    }

    /// <summary>A version folder as given; a model base folder (numbered versions inside) means its highest version.</summary>
    internal static string ResolveVersionDirectory(string directory)
    {
        string full = Path.GetFullPath(directory);
        if (File.Exists(full) && Path.GetFileName(full) == ServingContract.SavedModelFile) return Path.GetDirectoryName(full)!;
        if (!Directory.Exists(full))
            throw new ModelSourceException($"The SavedModel folder {directory} does not exist. Training exports to {ServingContract.ModelBasePath}/<model-name>/<version>/.");
        if (File.Exists(Path.Combine(full, ServingContract.SavedModelFile))) return full;

        var latest = Directory.EnumerateDirectories(full)
            .Select(path => (Path: path, Version: long.TryParse(Path.GetFileName(path), NumberStyles.None, CultureInfo.InvariantCulture, out long version) ? version : -1))
            .Where(candidate => candidate.Version >= 0 && File.Exists(Path.Combine(candidate.Path, ServingContract.SavedModelFile)))
            .OrderByDescending(candidate => candidate.Version)
            .FirstOrDefault();
        return latest.Path ?? throw new ModelSourceException(
            $"{directory} holds no {ServingContract.SavedModelFile}: give a SavedModel version folder (e.g. {ServingContract.ModelBasePath}/{ServingContract.ModelName}/1) or a model folder with numbered versions.");
    }

    private static string FindServingDirectory()
    {
        // The runner belongs to the repository: found from the current directory, else from the trainer's own binaries.
        string? root = DefaultData.FindRepositoryRoot() ?? DefaultData.FindRepositoryRoot(AppContext.BaseDirectory);
        string? serving = root is null ? null : Path.Combine(root, "serving");
        if (serving is null || !File.Exists(Path.Combine(serving, "tools", "run-saved-model.mjs")))
            throw new ModelSourceException("--saved-model needs the repository's serving/ folder (serving/tools/run-saved-model.mjs); run the trainer from inside a clone, or serve the model and use --server.");
        return serving;
    }

    private float[] ReadValues(string reply, string output, int expected)
    {
        try
        {
            var values = JsonNode.Parse(reply)?[output]?["values"]?.AsArray()
                ?? throw new ModelSourceException($"{Description} has no '{output}' output: is it a model exported by this trainer?");
            if (values.Count != expected)
                throw new ModelSourceException($"{Description} returned {values.Count} values of '{output}' where {expected} were expected.");
            return [.. values.Select(value => value?.GetValue<float>() ?? throw new ModelSourceException($"{Description} returned a value of '{output}' that is not a number (NaN)."))];
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException or FormatException)
        {
            throw new ModelSourceException($"{Description} gave an answer that cannot be read: {exception.Message}", exception);
        }
    }

    private ModelSourceException Failure(string what)
    {
        if (!_node.HasExited && !_node.WaitForExit(ExitGrace)) _node.Kill(entireProcessTree: true);
        _node.WaitForExit(); // flushes the standard error handler
        string errors;
        lock (_errors) errors = _errors.ToString();
        string reason = string.Join(' ', errors.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Replace("error: ", "", StringComparison.Ordinal);
        if (reason.Length > 500) reason = reason[..500] + "…";
        return new ModelSourceException(string.IsNullOrEmpty(reason) ? $"{what} (Node.js exited with {_node.ExitCode})." : $"{what}: {reason}");
    }
}
