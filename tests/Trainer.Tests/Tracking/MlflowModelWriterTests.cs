using System.Text.Json.Nodes;
using TwitterSentiment.Trainer.Tracking;
using YamlDotNet.RepresentationModel;

namespace TwitterSentiment.Trainer.Tests.Tracking;

public sealed class MlflowModelWriterTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private string SavedModel()
    {
        string version = Path.Combine(_temp.Path, "export", "sentiment", "3");
        Directory.CreateDirectory(Path.Combine(version, "assets"));
        File.WriteAllBytes(Path.Combine(version, "saved_model.pb"), [8, 1, 2]);
        File.WriteAllText(Path.Combine(version, "assets", "vocabulary.txt"), "[PAD]\n[UNK]\n");
        return version;
    }

    [Test]
    public void The_MLmodel_file_describes_the_SavedModel_with_the_tensorflow_flavor_and_the_serving_signature()
    {
        string model = Path.Combine(_temp.Path, "staging", "model");
        Directory.CreateDirectory(model);

        MlflowModelWriter.Write(SavedModel(), model, "abc123", new DateTime(2026, 11, 27, 15, 4, 5, 123, DateTimeKind.Utc));

        var fields = PyYaml.Fields(Path.Combine(model, "MLmodel"));
        var tensorflow = (YamlMappingNode)((YamlMappingNode)fields["flavors"]).Children[new YamlScalarNode("tensorflow")];
        string Flavor(string key) => PyYaml.Text(tensorflow.Children[new YamlScalarNode(key)]);
        var signature = (YamlMappingNode)fields["signature"];
        var inputs = JsonNode.Parse(PyYaml.Text(signature.Children[new YamlScalarNode("inputs")]))?.AsArray();
        var outputs = JsonNode.Parse(PyYaml.Text(signature.Children[new YamlScalarNode("outputs")]))?.AsArray();
        Assert.Multiple(() =>
        {
            Assert.That(PyYaml.Text(fields["artifact_path"]), Is.EqualTo("model"));
            Assert.That(PyYaml.Text(fields["run_id"]), Is.EqualTo("abc123"));
            Assert.That(PyYaml.Text(fields["model_uuid"]), Does.Match("^[0-9a-f]{32}$"));
            Assert.That(PyYaml.TypeOf(fields["utc_time_created"]), Is.EqualTo("str"));
            Assert.That(PyYaml.Text(fields["utc_time_created"]), Is.EqualTo("2026-11-27 15:04:05.123000"));
            Assert.That(PyYaml.TypeOf(fields["mlflow_version"]), Is.EqualTo("str"));
            Assert.That(Flavor("saved_model_dir"), Is.EqualTo("tfmodel"));
            Assert.That(Flavor("signature_def_key"), Is.EqualTo("serving_default"));
            Assert.That(Flavor("model_type"), Is.EqualTo("tf1-estimator"));
            Assert.That(((YamlSequenceNode)tensorflow.Children[new YamlScalarNode("meta_graph_tags")]).Select(PyYaml.Text), Is.EqualTo(new[] { "serve" }));
            Assert.That(PyYaml.TypeOf(signature.Children[new YamlScalarNode("params")]), Is.EqualTo("NoneType"));
            Assert.That((string?)inputs?[0]?["name"], Is.EqualTo("text"));
            Assert.That((string?)inputs?[0]?["tensor-spec"]?["dtype"], Is.EqualTo("object"));
            Assert.That(inputs?[0]?["tensor-spec"]?["shape"]?.AsArray().Select(n => (int?)n), Is.EqualTo(new int?[] { -1 }));
            Assert.That(outputs?.Select(o => (string?)o?["name"]), Is.EqualTo(new[] { "probability", "label" }));
            Assert.That((string?)outputs?[0]?["tensor-spec"]?["dtype"], Is.EqualTo("float32"));
        });
    }

    [Test]
    public void The_SavedModel_is_copied_whole_and_the_history_tag_names_it()
    {
        string model = Path.Combine(_temp.Path, "staging", "model");
        Directory.CreateDirectory(model);

        string history = MlflowModelWriter.Write(SavedModel(), model, "run1", DateTime.UtcNow);

        var entry = JsonNode.Parse(history)?.AsArray().Single();
        Assert.Multiple(() =>
        {
            Assert.That(File.ReadAllBytes(Path.Combine(model, "tfmodel", "saved_model.pb")), Is.EqualTo(new byte[] { 8, 1, 2 }));
            Assert.That(File.Exists(Path.Combine(model, "tfmodel", "assets", "vocabulary.txt")), Is.True);
            Assert.That((string?)entry?["run_id"], Is.EqualTo("run1"));
            Assert.That((string?)entry?["artifact_path"], Is.EqualTo("model"));
            Assert.That((string?)entry?["flavors"]?["tensorflow"]?["saved_model_dir"], Is.EqualTo("tfmodel"));
            Assert.That((string?)entry?["model_uuid"], Is.EqualTo(PyYaml.Text(PyYaml.Fields(Path.Combine(model, "MLmodel"))["model_uuid"])));
        });
    }

    [Test]
    public void A_folder_without_saved_model_pb_is_rejected()
    {
        Directory.CreateDirectory(Path.Combine(_temp.Path, "empty"));

        Assert.That(() => MlflowModelWriter.Write(Path.Combine(_temp.Path, "empty"), _temp.Path, "r", DateTime.UtcNow),
            Throws.InstanceOf<TrackingException>().With.Message.Contains("saved_model.pb"));
    }
}
