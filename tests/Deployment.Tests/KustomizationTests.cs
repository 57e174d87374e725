using TwitterSentiment.Deployment.Tests.Infrastructure;
using TwitterSentiment.Deployment.Tests.Manifests;

namespace TwitterSentiment.Deployment.Tests;

public sealed class KustomizationTests
{
    private static IEnumerable<string> Kustomizations() => RepositoryPaths.Kustomizations();

    [Test]
    public void The_repository_has_a_base_and_a_minikube_overlay()
    {
        Assert.That(RepositoryPaths.Kustomizations(), Is.SupersetOf(new[] { DeploymentFiles.Base, DeploymentFiles.Minikube, "k8s" }));
    }

    [TestCaseSource(nameof(Kustomizations))]
    public async Task Every_kustomization_renders_into_the_project_namespace(string kustomization)
    {
        var set = await DeploymentFiles.RenderAsync(kustomization, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(set.OfKind("Namespace").Select(n => n.Text("metadata.name")), Is.EqualTo(new[] { "twitter-sentiment" }));
            Assert.That(
                set.Documents.Where(d => d.Text("kind") != "Namespace").Select(ManifestSet.Namespace),
                Is.All.EqualTo("twitter-sentiment"));
            Assert.That(
                set.Documents.Select(d => d.Text("kind")).Distinct(),
                Is.SupersetOf(new[] { "Deployment", "Service", "HorizontalPodAutoscaler", "PodDisruptionBudget", "NetworkPolicy", "Ingress", "ConfigMap" }));
        });
    }

    [Test]
    public async Task A_kustomization_that_lists_a_missing_file_fails_to_render()
    {
        var directory = Directory.CreateTempSubdirectory("deploy-tests-");
        try
        {
            await File.WriteAllTextAsync(
                Path.Combine(directory.FullName, "kustomization.yaml"),
                "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - missing.yaml\n");

            var error = Assert.ThrowsAsync<KustomizeException>(() => Kustomize.RenderAsync(directory.FullName, CancellationToken.None));

            Assert.That(error?.Message, Does.Contain("missing.yaml"));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Test]
    public async Task The_minikube_overlay_runs_loaded_images_on_one_replica_and_exposes_the_site_on_a_node_port()
    {
        var set = await DeploymentFiles.RenderAsync(DeploymentFiles.Minikube, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(set.Workloads.SelectMany(ManifestSet.Containers).Select(c => c.Text("imagePullPolicy")), Is.All.EqualTo("Never"));
            Assert.That(set.Workloads.Select(w => w.Number("spec.replicas")), Is.All.EqualTo(1));
            Assert.That(set.Get("Service", "webclient").Text("spec.type"), Is.EqualTo("NodePort"));
            Assert.That(set.Get("Service", "tf-serving").Text("spec.type"), Is.EqualTo("ClusterIP"));
        });
    }

    [Test]
    public void Every_base_manifest_file_holds_exactly_one_object()
    {
        var files = Directory.EnumerateFiles(Path.Combine(RepositoryPaths.Root, DeploymentFiles.Base), "*.yaml")
            .Where(f => Path.GetFileName(f) != "kustomization.yaml")
            .ToList();

        Assert.That(files, Is.Not.Empty);
        Assert.Multiple(() =>
        {
            foreach (string? file in files)
            {
                Assert.That(YamlDocuments.Parse(File.ReadAllText(file)), Has.Count.EqualTo(1), Path.GetFileName(file));
            }
        });
    }

    [Test]
    public void Every_key_of_the_web_client_config_map_is_explained_by_a_comment()
    {
        string[] lines = File.ReadAllLines(Path.Combine(RepositoryPaths.Root, DeploymentFiles.Base, "webclient-configmap.yaml"));

        var uncommented = UncommentedDataKeys(lines);

        Assert.That(uncommented, Is.Empty);
    }

    [Test]
    public void A_config_map_key_without_a_comment_is_caught()
    {
        string[] lines = ["kind: ConfigMap", "data:", "  # Explained.", "  A: \"1\"", "  B: \"2\""];

        var uncommented = UncommentedDataKeys(lines);

        Assert.That(uncommented, Is.EqualTo(new[] { "B" }));
    }

    /// <summary>Keys under `data:` whose line is not preceded by a comment line.</summary>
    private static List<string> UncommentedDataKeys(string[] lines)
    {
        int dataIndex = Array.FindIndex(lines, l => l.TrimEnd() == "data:");
        Assert.That(dataIndex, Is.Not.Negative, "No data: section.");
        return Enumerable.Range(dataIndex + 1, lines.Length - dataIndex - 1)
            .Where(i => lines[i].StartsWith("  ", StringComparison.Ordinal) && !lines[i].TrimStart().StartsWith('#'))
            .Where(i => !lines[i - 1].TrimStart().StartsWith('#'))
            .Select(i => lines[i].Trim().Split(':')[0])
            .ToList();
    }
}
