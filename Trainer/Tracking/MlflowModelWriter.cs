using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using TwitterSentiment.Contracts;
using TwitterSentiment.Trainer.Tracking.FileStore;

namespace TwitterSentiment.Trainer.Tracking;

/// <summary>
/// Turns an exported SavedModel into an MLflow model directory: <c>MLmodel</c> (tensorflow flavor pointing at the
/// SavedModel with its serve tag and serving_default signature, plus the input/output schema) and the SavedModel
/// itself under <c>tfmodel/</c>. Logged at <c>artifacts/model/</c> with the <c>mlflow.log-model.history</c> tag,
/// which is how MLflow 2.x's UI finds a run's models.
/// </summary>
public static class MlflowModelWriter
{
    public const string ArtifactPath = "model";
    public const string SavedModelFolder = "tfmodel";

    /// <summary>The MLflow release whose MLmodel format we write (2.x layout, still read by 3.x).</summary>
    public const string CompatibleMlflowVersion = "2.17.2";

    // The serving contract (ServingContract): raw tweet text in, P(positive) and a label out, batch first.
    private const string InputSchema = """[{"type": "tensor", "tensor-spec": {"dtype": "object", "shape": [-1]}, "name": "text"}]""";
    private const string OutputSchema = """[{"type": "tensor", "tensor-spec": {"dtype": "float32", "shape": [-1]}, "name": "probability"}, {"type": "tensor", "tensor-spec": {"dtype": "object", "shape": [-1]}, "name": "label"}]""";

    /// <summary>Writes the MLflow model directory into <paramref name="modelDirectory"/> and returns the value of
    /// the <c>mlflow.log-model.history</c> tag (a JSON list holding this model).</summary>
    public static string Write(string savedModelDirectory, string modelDirectory, string runId, DateTime utcNow)
    {
        if (!File.Exists(Path.Combine(savedModelDirectory, ServingContract.SavedModelFile)))
            throw new TrackingException($"{savedModelDirectory} is not a SavedModel: saved_model.pb is missing.");

        string target = Path.Combine(modelDirectory, SavedModelFolder);
        foreach (string file in Directory.EnumerateFiles(savedModelDirectory, "*", SearchOption.AllDirectories))
        {
            string destination = Path.Combine(target, Path.GetRelativePath(savedModelDirectory, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination) ?? target);
            File.Copy(file, destination, overwrite: true);
        }

        string modelUuid = Guid.NewGuid().ToString("N");
        // str(datetime.utcnow()) in Python.
        string created = utcNow.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture);
        var flavor = new Dictionary<string, object?>
        {
            ["code"] = null,
            ["meta_graph_tags"] = new[] { ServingContract.ServeTag },
            ["model_type"] = "tf1-estimator",
            ["saved_model_dir"] = SavedModelFolder,
            ["signature_def_key"] = ServingContract.ServingSignature,
        };
        var mlmodel = new Dictionary<string, object?>
        {
            ["artifact_path"] = ArtifactPath,
            ["flavors"] = new Dictionary<string, object?> { ["tensorflow"] = flavor },
            ["mlflow_version"] = CompatibleMlflowVersion,
            ["model_uuid"] = modelUuid,
            ["run_id"] = runId,
            ["signature"] = new Dictionary<string, object?> { ["inputs"] = InputSchema, ["outputs"] = OutputSchema, ["params"] = null },
            ["utc_time_created"] = created,
        };
        File.WriteAllText(Path.Combine(modelDirectory, "MLmodel"), MlflowYaml.Serialize(mlmodel), AtomicFile.Utf8);

        var history = new JsonArray(new JsonObject
        {
            ["run_id"] = runId,
            ["artifact_path"] = ArtifactPath,
            ["utc_time_created"] = created,
            ["model_uuid"] = modelUuid,
            ["flavors"] = new JsonObject
            {
                ["tensorflow"] = new JsonObject
                {
                    ["code"] = null,
                    ["meta_graph_tags"] = new JsonArray(ServingContract.ServeTag),
                    ["model_type"] = "tf1-estimator",
                    ["saved_model_dir"] = SavedModelFolder,
                    ["signature_def_key"] = ServingContract.ServingSignature,
                },
            },
        });
        return history.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
    }
}
