using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using TwitterSentiment.Contracts;
using TwitterSentiment.Contracts.Rest;
using TwitterSentiment.Trainer.Data;

namespace TwitterSentiment.Trainer.Scoring;

/// <summary>
/// Scores with an exported SavedModel by running its graph (tokenizer included) on TensorFlow.js through the
/// project's own runner, <c>serving/tools/run-saved-model.mjs --lines</c>: one Node.js process keeps the model
/// loaded, and each batch is one line of JSON in and one line out (another one runs the <c>tokenize</c> or the
/// <c>term_logits</c> signature when <see cref="CountKnownTokensAsync"/> or <see cref="TermLogitsAsync"/> is first asked,
/// unless the scorer was opened on that signature).
/// </summary>
public sealed class SavedModelScorer : IModelScorer
{
    private static readonly TimeSpan ExitGrace = TimeSpan.FromSeconds(5);

    private readonly GraphRunner _first;
    private readonly string _signature;
    private readonly string _serving;
    private readonly string _versionDirectory;
    private readonly int _batchSize;
    private GraphRunner? _tokenizing;
    private GraphRunner? _terms;

    private SavedModelScorer(GraphRunner first, string signature, string serving, string versionDirectory, int batchSize)
    {
        _first = first;
        _signature = signature;
        _serving = serving;
        _versionDirectory = versionDirectory;
        _batchSize = batchSize;
        Description = $"SavedModel {versionDirectory} (TensorFlow.js)";
    }

    public string Description { get; }

    /// <summary>The version folder being run (a model folder given as the source resolves to its highest version).</summary>
    public string VersionDirectory => _versionDirectory;

    /// <param name="signature">The signature to load first: <see cref="ServingContract.ServingSignature"/> for
    /// <see cref="ScoreAsync"/>, <see cref="ServingContract.TermLogitsSignature"/> for <see cref="TermLogitsAsync"/>.</param>
    /// <exception cref="ModelSourceException">No SavedModel there, no Node.js or TensorFlow.js, or the graph does not load.</exception>
    public static async Task<SavedModelScorer> OpenAsync(SavedModelSource source, CancellationToken cancellationToken, string signature = ServingContract.ServingSignature)
    {
        ArgumentNullException.ThrowIfNull(source);
        string versionDirectory = ResolveVersionDirectory(source.Directory);
        string serving = FindServingDirectory();
        if (!File.Exists(Path.Combine(serving, "node_modules", "@tensorflow", "tfjs-converter", "package.json")))
            throw new ModelSourceException($"TensorFlow.js is not installed in {serving}: run `npm ci` there once (serving/local-server does it on its first start), then try again.");
        var first = await GraphRunner.StartAsync(serving, versionDirectory, signature, cancellationToken);
        return new SavedModelScorer(first, signature, serving, versionDirectory, source.BatchSize);
    }

    public Task<float[]> ScoreAsync(IReadOnlyList<string> texts, IProgress<int>? scored, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(texts);
        if (_signature != ServingContract.ServingSignature)
            throw new InvalidOperationException($"This scorer runs the {_signature} signature, not {ServingContract.ServingSignature}.");
        return BatchedScoring.ScoreAsync(texts.Count, _batchSize, async (start, size) =>
            ReadProbabilities(await _first.RunAsync(Batch(texts, start, size), cancellationToken), size), scored, cancellationToken);
    }

    /// <summary>The <c>term_logits</c> signature's output: per text, the LSTM's logit, the lexicon's score and the bag's logit.</summary>
    public async Task<float[][]> TermLogitsAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var runner = _signature == ServingContract.TermLogitsSignature ? _first
            : _terms ??= await GraphRunner.StartAsync(_serving, _versionDirectory, ServingContract.TermLogitsSignature, cancellationToken);
        return await BatchedScoring.ScoreAsync(texts.Count, _batchSize, async (start, size) =>
            ReadRows(await runner.RunAsync(Batch(texts, start, size), cancellationToken), ServingContract.TermLogitsOutput, size), scored: null, cancellationToken);
    }

    /// <summary>The <c>tokenize</c> signature's token ids (run by a second runner, started on first use), counted.</summary>
    public async Task<int[]> CountKnownTokensAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken) =>
        [.. (await TokenIdsAsync(texts, cancellationToken)).Select(ids => TokenizedText.CountKnown(ids))];

    /// <summary>The <c>tokenize</c> signature's token ids, [texts][sequence length]: the ids the model sees.</summary>
    public async Task<long[][]> TokenIdsAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(texts);
        _tokenizing ??= await GraphRunner.StartAsync(_serving, _versionDirectory, ServingContract.TokenizeSignature, cancellationToken);
        var tokenizing = _tokenizing;
        return await BatchedScoring.ScoreAsync(texts.Count, _batchSize, async (start, size) =>
            ReadTokenIds(await tokenizing.RunAsync(Batch(texts, start, size), cancellationToken), size), scored: null, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _first.DisposeAsync();
        if (_tokenizing is not null) await _tokenizing.DisposeAsync();
        if (_terms is not null) await _terms.DisposeAsync();
    }

    private static string Batch(IReadOnlyList<string> texts, int start, int size) =>
        new JsonObject { [ServingContract.TextInput] = new JsonArray([.. texts.Skip(start).Take(size).Select(text => JsonValue.Create(text))]) }.ToJsonString();

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

    private float[] ReadProbabilities(string reply, int expected)
    {
        try
        {
            var values = JsonNode.Parse(reply)?[ServingContract.ProbabilityOutput]?["values"]?.AsArray()
                ?? throw new ModelSourceException($"{Description} has no '{ServingContract.ProbabilityOutput}' output: is it a model exported by this trainer?");
            if (values.Count != expected)
                throw new ModelSourceException($"{Description} returned {values.Count} probabilities for {expected} texts.");
            return [.. values.Select(value => value?.GetValue<float>() ?? throw new ModelSourceException($"{Description} returned a probability that is not a number (NaN)."))];
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException or FormatException)
        {
            throw new ModelSourceException($"{Description} gave an answer that cannot be read: {exception.Message}", exception);
        }
    }

    /// <summary>A float output of shape [texts, width], as one array per text.</summary>
    private float[][] ReadRows(string reply, string output, int expected)
    {
        try
        {
            var node = JsonNode.Parse(reply)?[output];
            var values = node?["values"]?.AsArray();
            if (values is null || values.Count % expected != 0)
                throw new ModelSourceException($"{Description} has no '{output}' output of one row per text: was it exported before that signature existed?");
            float[] flat = [.. values.Select(value => value?.GetValue<float>() ?? throw new ModelSourceException($"{Description} returned a value of '{output}' that is not a number (NaN)."))];
            int width = flat.Length / expected;
            return [.. Enumerable.Range(0, expected).Select(row => flat[(row * width)..((row + 1) * width)])];
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException or FormatException)
        {
            throw new ModelSourceException($"{Description} gave an answer that cannot be read: {exception.Message}", exception);
        }
    }

    /// <summary>token_ids [texts, sequence length], one row per text.</summary>
    private long[][] ReadTokenIds(string reply, int expected)
    {
        try
        {
            var output = JsonNode.Parse(reply)?[ServingContract.TokenIdsOutput];
            var values = output?["values"]?.AsArray();
            if (values is null || values.Count % expected != 0)
                throw new ModelSourceException($"{Description} gave no '{ServingContract.TokenIdsOutput}' of one row per text.");
            long[] ids = [.. values.Select(value => value!.GetValue<long>())];
            int length = ids.Length / expected;
            return [.. Enumerable.Range(0, expected).Select(row => ids[(row * length)..((row + 1) * length)])];
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException or FormatException or NullReferenceException)
        {
            throw new ModelSourceException($"{Description} gave an answer that cannot be read: {exception.Message}", exception);
        }
    }

    /// <summary>
    /// One signature of the SavedModel, kept loaded by <c>serving/tools/run-saved-model.mjs --lines</c> in a Node.js
    /// process: each batch is one line of JSON in and one line out.
    /// </summary>
    private sealed class GraphRunner : IAsyncDisposable
    {
        private readonly Process _node;
        private readonly StringBuilder _errors;

        private GraphRunner(Process node, StringBuilder errors)
        {
            _node = node;
            _errors = errors;
        }

        public static async Task<GraphRunner> StartAsync(string serving, string versionDirectory, string signature, CancellationToken cancellationToken)
        {
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
                ArgumentList = { Path.Combine(serving, "tools", "run-saved-model.mjs"), versionDirectory, signature, "--lines" },
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
            var runner = new GraphRunner(node, errors);
            try
            {
                string? ready = await node.StandardOutput.ReadLineAsync(cancellationToken);
                if (ready is null || !ready.Contains("\"ready\"", StringComparison.Ordinal))
                    throw runner.Failure($"The SavedModel {versionDirectory} cannot be loaded");
                return runner;
            }
            catch
            {
                await runner.DisposeAsync();
                throw;
            }
        }

        /// <summary>One batch: a line of JSON inputs in, the line of outputs back.</summary>
        public async Task<string> RunAsync(string inputs, CancellationToken cancellationToken)
        {
            string? reply;
            try
            {
                await _node.StandardInput.WriteLineAsync(inputs.AsMemory(), cancellationToken);
                await _node.StandardInput.FlushAsync(cancellationToken);
                reply = await _node.StandardOutput.ReadLineAsync(cancellationToken);
            }
            catch (IOException)
            {
                reply = null; // the process died; its standard error says why
            }
            return reply ?? throw Failure("TensorFlow.js stopped while scoring");
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
}
