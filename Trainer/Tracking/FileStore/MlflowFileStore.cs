using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace TwitterSentiment.Trainer.Tracking.FileStore;

/// <summary>
/// MLflow's local tracking store (<c>mlruns/</c>), written exactly as MLflow's FileStore writes it so that
/// <c>mlflow ui</c> lists the runs. Safe for several processes at once: nothing is ever half written, and
/// experiment creation is a lock-free create-once rename.
/// </summary>
public sealed class MlflowFileStore
{
    public const string DefaultExperimentId = "0";
    public const string DefaultExperimentName = "Default";
    private const string TrashFolder = ".trash";
    private const string ModelsFolder = "models";

    private readonly TextWriter _warnings;

    public MlflowFileStore(string rootDirectory, TextWriter warnings)
    {
        Root = Path.GetFullPath(rootDirectory);
        _warnings = warnings;
        RootUri = new Uri(Path.TrimEndingDirectorySeparator(Root) + Path.DirectorySeparatorChar).AbsoluteUri.TrimEnd('/');
    }

    /// <summary>Absolute path of the store.</summary>
    public string Root { get; }

    /// <summary>The store as an absolute <c>file:///</c> URI; artifact locations are baked from it.</summary>
    public string RootUri { get; }

    /// <summary>Creates the root, <c>.trash/</c> and the Default experiment 0 if any is missing (MLflow defaults to 0 in many places).</summary>
    public void EnsureInitialized()
    {
        Directory.CreateDirectory(Path.Combine(Root, TrashFolder));
        string defaultDirectory = Path.Combine(Root, DefaultExperimentId);
        Directory.CreateDirectory(defaultDirectory);
        string meta = Path.Combine(defaultDirectory, "meta.yaml");
        if (!File.Exists(meta))
            AtomicFile.TryCreate(meta, ExperimentMeta(DefaultExperimentId, DefaultExperimentName), defaultDirectory);
    }

    /// <summary>The id of the active experiment called <paramref name="name"/>, created when missing.</summary>
    public string GetOrCreateExperiment(string? name)
    {
        EnsureInitialized();
        if (string.IsNullOrEmpty(name))
            return DefaultExperimentId;
        ValidateExperimentName(name);

        if (FindExperiment(Root, name) is { } existing)
            return existing;
        if (FindExperiment(Path.Combine(Root, TrashFolder), name) is { } deleted)
        {
            throw new TrackingException($"The experiment '{name}' (id {deleted}) is deleted and still holds its name. " +
                "Restore it (mlflow experiments restore) or choose another --experiment name.");
        }

        // The first id tried is derived from the name, so processes racing to create the same experiment pick the
        // same directory and exactly one meta.yaml rename wins; the others find it and join.
        string id = IdFromName(name);
        for (int attempt = 0; ; attempt++)
        {
            string directory = Path.Combine(Root, id);
            Directory.CreateDirectory(directory);
            string meta = Path.Combine(directory, "meta.yaml");
            if (AtomicFile.TryCreate(meta, ExperimentMeta(id, name), directory))
                return id;
            if (ReadName(meta) == name)
                return id;
            if (attempt > 10)
                throw new TrackingException($"Could not find a free experiment id in {Root}.");
            id = RandomExperimentId();
        }
    }

    /// <summary>Opens a new run (status RUNNING) in the experiment named by <paramref name="start"/>.</summary>
    public FileStoreRun CreateRun(RunStartInfo start)
    {
        string experimentId = GetOrCreateExperiment(start.ExperimentName);
        string runId = Guid.NewGuid().ToString("N");
        string runName = string.IsNullOrWhiteSpace(start.RunName) ? RunNames.Generate() : start.RunName;
        var run = new FileStoreRun(
            Path.Combine(Root, experimentId, runId),
            $"{RootUri}/{experimentId}/{runId}/artifacts",
            experimentId, runId, runName, start.UserName, _warnings);
        run.Create(start.Tags);
        return run;
    }

    private static void ValidateExperimentName(string name)
    {
        if (name.Length > MlflowLimits.MaxExperimentNameLength)
            throw new TrackingException($"The experiment name has {name.Length} characters; MLflow allows at most {MlflowLimits.MaxExperimentNameLength}.");
        // get_experiment_by_name is a search with filter name = '<name>', which a quote breaks.
        if (name.Contains('\'', StringComparison.Ordinal))
            throw new TrackingException($"The experiment name '{name}' contains a single quote, which MLflow's name search cannot handle.");
        if (name.Any(char.IsControl))
            throw new TrackingException("The experiment name must not contain control characters such as newlines.");
    }

    private static string? FindExperiment(string folder, string name)
    {
        if (!Directory.Exists(folder))
            return null;
        foreach (string directory in Directory.EnumerateDirectories(folder))
        {
            string id = Path.GetFileName(directory);
            if (id is TrashFolder or ModelsFolder)
                continue;
            string meta = Path.Combine(directory, "meta.yaml");
            if (!File.Exists(meta))
                continue;
            Dictionary<string, string?> fields;
            try
            {
                fields = MlflowYaml.ReadScalars(meta);
            }
            catch (Exception ex) when (ex is YamlDotNet.Core.YamlException or IOException)
            {
                continue; // half-written by another tool, or not ours to judge: it cannot be the experiment we look for
            }

            if (fields.GetValueOrDefault("name") == name && fields.GetValueOrDefault("experiment_id") == id)
                return id;
        }

        return null;
    }

    private static string? ReadName(string meta) => MlflowYaml.ReadScalars(meta).GetValueOrDefault("name");

    private string ExperimentMeta(string id, string name)
    {
        long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        return MlflowYaml.Serialize(new Dictionary<string, object?>
        {
            ["artifact_location"] = $"{RootUri}/{id}",
            ["creation_time"] = now,
            ["experiment_id"] = id,
            ["last_update_time"] = now,
            ["lifecycle_stage"] = "active",
            ["name"] = name,
        });
    }

    // MLflow's FileStore uses 18-digit decimal ids; any 18-digit number without a leading zero is as valid.
    private static string IdFromName(string name)
    {
        byte[] hash = SHA256.HashData(Encoding.UTF8.GetBytes(name));
        return ToEighteenDigits(BinaryPrimitives.ReadUInt64LittleEndian(hash));
    }

    private static string RandomExperimentId() =>
        ToEighteenDigits(BinaryPrimitives.ReadUInt64LittleEndian(RandomNumberGenerator.GetBytes(8)));

    private static string ToEighteenDigits(ulong value) =>
        (100_000_000_000_000_000UL + value % 900_000_000_000_000_000UL).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
