using System.Text;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace TwitterSentiment.Trainer.Tests.Tracking;

/// <summary>
/// Applies, independently of the writer, the rules MLflow's FileStore reader applies (mlflow/store/tracking/file_store.py)
/// plus the types of its meta.yaml, metrics, params and tags files: everything that would make <c>mlflow ui</c> skip or fail an experiment or run
/// is reported. Written from the documented format, not from our writer's code.
/// </summary>
internal static partial class MlflowStoreValidator
{
    private static readonly string[] ReservedExperimentFolders = ["tags", "datasets", "traces", "models"];
    private static readonly string[] RunMetaRequired = ["run_id", "run_uuid", "experiment_id", "user_id", "start_time", "status", "lifecycle_stage", "artifact_uri", "end_time"];

    public static IReadOnlyList<string> Validate(string root)
    {
        var problems = new List<string>();
        if (!File.Exists(Path.Combine(root, "0", "meta.yaml")))
            problems.Add("the Default experiment 0/meta.yaml is missing");

        foreach (string file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
        {
            string name = Path.GetFileName(file);
            if (name.StartsWith(".tmp-", StringComparison.Ordinal))
                problems.Add($"temporary file left behind: {Path.GetRelativePath(root, file)}");
            if (new FileInfo(file).Length >= 3 && File.ReadAllBytes(file) is [0xEF, 0xBB, 0xBF, ..] && !file.Contains("artifacts", StringComparison.Ordinal))
                problems.Add($"{Path.GetRelativePath(root, file)} starts with a byte-order mark");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (string experiment in Directory.EnumerateDirectories(root))
        {
            string id = Path.GetFileName(experiment);
            if (id is ".trash" or "models")
                continue;
            ValidateExperiment(experiment, id, problems, names);
        }

        return problems;
    }

    private static void ValidateExperiment(string directory, string id, List<string> problems, HashSet<string> names)
    {
        string meta = Path.Combine(directory, "meta.yaml");
        if (!File.Exists(meta))
        {
            problems.Add($"experiment {id}: no meta.yaml (MLflow skips it as malformed)");
            return;
        }

        if (!ExperimentIdPattern().IsMatch(id))
            problems.Add($"experiment {id}: the id does not match MLflow's experiment id pattern");
        var fields = LoadFields(meta, problems);
        if (fields is null)
            return;
        Expect(fields, "experiment_id", "str", meta, problems);
        Expect(fields, "name", "str", meta, problems);
        Expect(fields, "artifact_location", "str", meta, problems);
        Expect(fields, "creation_time", "int", meta, problems);
        Expect(fields, "last_update_time", "int", meta, problems);
        Expect(fields, "lifecycle_stage", "str", meta, problems);
        if (fields.TryGetValue("experiment_id", out var experimentId) && PyYaml.Text(experimentId) != id)
            problems.Add($"{meta}: experiment_id '{PyYaml.Text(experimentId)}' differs from the directory name (MLflow ignores the experiment)");
        if (fields.TryGetValue("artifact_location", out var location) && !PyYaml.Text(location).StartsWith("file:///", StringComparison.Ordinal))
            problems.Add($"{meta}: artifact_location is not an absolute file:/// URI");
        if (fields.TryGetValue("name", out var name) && !names.Add(PyYaml.Text(name)))
            problems.Add($"{meta}: a second experiment is called '{PyYaml.Text(name)}'");

        foreach (string run in Directory.EnumerateDirectories(directory))
        {
            string runId = Path.GetFileName(run);
            if (ReservedExperimentFolders.Contains(runId))
                continue;
            ValidateRun(run, id, runId, problems);
        }
    }

    private static void ValidateRun(string directory, string experimentId, string runId, List<string> problems)
    {
        string meta = Path.Combine(directory, "meta.yaml");
        if (!File.Exists(meta))
        {
            problems.Add($"run {runId}: no meta.yaml (MLflow skips it)");
            return;
        }

        var fields = LoadFields(meta, problems);
        if (fields is null)
            return;
        foreach (string key in RunMetaRequired)
        {
            if (!fields.ContainsKey(key))
                problems.Add($"{meta}: required key {key} is missing");
        }

        Expect(fields, "run_id", "str", meta, problems);
        Expect(fields, "run_uuid", "str", meta, problems);
        Expect(fields, "experiment_id", "str", meta, problems);
        Expect(fields, "user_id", "str", meta, problems);
        Expect(fields, "run_name", "str", meta, problems);
        Expect(fields, "artifact_uri", "str", meta, problems);
        Expect(fields, "lifecycle_stage", "str", meta, problems);
        Expect(fields, "start_time", "int", meta, problems);
        Expect(fields, "status", "int", meta, problems);
        Expect(fields, "source_type", "int", meta, problems);
        Expect(fields, "tags", "list", meta, problems);
        if (fields.TryGetValue("experiment_id", out var e) && PyYaml.Text(e) != experimentId)
            problems.Add($"{meta}: experiment_id differs from the parent directory (MLflow ignores the run)");
        if (fields.TryGetValue("run_id", out var r) && PyYaml.Text(r) != runId)
            problems.Add($"{meta}: run_id differs from the directory name");
        if (fields.TryGetValue("status", out var status) && PyYaml.TypeOf(status) == "int")
        {
            long value = PyYaml.Int(status);
            if (value is < 1 or > 5)
                problems.Add($"{meta}: status {value} is not a RunStatus");
            bool hasEnd = fields.TryGetValue("end_time", out var end) && PyYaml.TypeOf(end) == "int";
            if (value is 3 or 4 or 5 && !hasEnd)
                problems.Add($"{meta}: a finished run has no integer end_time");
            if (value == 1 && hasEnd)
                problems.Add($"{meta}: a running run has an end_time");
        }

        if (fields.TryGetValue("artifact_uri", out var artifacts) && !PyYaml.Text(artifacts).StartsWith("file:///", StringComparison.Ordinal))
            problems.Add($"{meta}: artifact_uri is not an absolute file:/// URI");

        ValidateEntries(Path.Combine(directory, "metrics"), problems, ValidateMetricFile);
        ValidateEntries(Path.Combine(directory, "params"), problems, ValidateText);
        ValidateEntries(Path.Combine(directory, "tags"), problems, ValidateText);
    }

    private static void ValidateEntries(string folder, List<string> problems, Action<string, List<string>> validateFile)
    {
        if (!Directory.Exists(folder))
            return;
        foreach (string file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
        {
            string key = Path.GetRelativePath(folder, file).Replace('\\', '/');
            if (!KeyPattern().IsMatch(key) || key.StartsWith('/') || key.StartsWith("..", StringComparison.Ordinal)
                || key.Split('/').Any(s => s is "" or "." or "..") || key.Length > 250)
            {
                problems.Add($"{file}: '{key}' is not a valid MLflow key (the reader raises)");
            }

            validateFile(file, problems);
        }
    }

    private static void ValidateText(string file, List<string> problems)
    {
        try
        {
            new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(File.ReadAllBytes(file));
        }
        catch (DecoderFallbackException)
        {
            problems.Add($"{file}: not valid UTF-8");
        }
    }

    private static void ValidateMetricFile(string file, List<string> problems)
    {
        string text = File.ReadAllText(file);
        if (text.Length == 0)
        {
            problems.Add($"{file}: empty metric file (the reader raises ValueError)");
            return;
        }

        if (!text.EndsWith('\n'))
            problems.Add($"{file}: the last line is not newline-terminated");
        foreach (string line in text.TrimEnd('\n').Split('\n'))
        {
            string[] fields = line.Split(' ');
            if (fields.Length is not (2 or 3 or 5))
            {
                problems.Add($"{file}: '{line}' has {fields.Length} fields; MLflow accepts 2, 3 or 5");
                continue;
            }

            if (!PythonInt().IsMatch(fields[0]))
                problems.Add($"{file}: timestamp '{fields[0]}' is not a Python int");
            if (!IsPythonFloat(fields[1]))
                problems.Add($"{file}: value '{fields[1]}' is not a Python float");
            if (fields.Length > 2 && !PythonInt().IsMatch(fields[2]))
                problems.Add($"{file}: step '{fields[2]}' is not a Python int");
        }
    }

    /// <summary>What Python's float() accepts (ASCII forms): decimal and exponent numbers, nan, inf, infinity, any case.</summary>
    public static bool IsPythonFloat(string text) =>
        PythonFloat().IsMatch(text) || Regex.IsMatch(text, "^[+-]?(nan|inf|infinity)$", RegexOptions.IgnoreCase);

    private static Dictionary<string, YamlNode>? LoadFields(string meta, List<string> problems)
    {
        try
        {
            return PyYaml.Fields(meta);
        }
        catch (Exception ex) when (ex is InvalidDataException or YamlDotNet.Core.YamlException)
        {
            problems.Add($"{meta}: unreadable ({ex.Message}); MLflow's listing fails");
            return null;
        }
    }

    private static void Expect(Dictionary<string, YamlNode> fields, string key, string type, string file, List<string> problems)
    {
        if (!fields.TryGetValue(key, out var node))
            problems.Add($"{file}: {key} is missing");
        else if (PyYaml.TypeOf(node) != type)
            problems.Add($"{file}: {key} is a Python {PyYaml.TypeOf(node)}, expected {type}");
    }

    [GeneratedRegex(@"^[a-zA-Z0-9][\w\-]{0,63}$")]
    private static partial Regex ExperimentIdPattern();

    // MLflow's POSIX rule; we still flag ':' elsewhere because MLflow 2.x and Windows reject it.
    [GeneratedRegex(@"^[/\w.\- ]*$")]
    private static partial Regex KeyPattern();

    [GeneratedRegex("^[+-]?[0-9]+$")]
    private static partial Regex PythonInt();

    [GeneratedRegex(@"^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$")]
    private static partial Regex PythonFloat();
}
