using TwitterSentiment.Deployment.Tests.Infrastructure;
using TwitterSentiment.Deployment.Tests.Manifests;

namespace TwitterSentiment.Deployment.Tests;

/// <summary>k8s/validation/validate-manifests.mjs: Kubernetes OpenAPI schemas plus unknown-field detection.</summary>
public sealed class SchemaValidationTests
{
    private static IEnumerable<string> Kustomizations() => RepositoryPaths.Kustomizations();

    [TestCaseSource(nameof(Kustomizations))]
    public async Task Every_rendered_document_matches_the_Kubernetes_schemas_and_has_no_unknown_fields(string kustomization)
    {
        string yaml = await Kustomize.RenderAsync(kustomization, CancellationToken.None);

        var result = await NodeValidation.ValidateManifestsAsync(yaml, CancellationToken.None);

        Assert.That(result.ExitCode, Is.Zero, result.Output);
        Assert.That(result.StandardOutput, Does.Contain(" documents, 0 problems"));
    }

    [Test]
    public async Task A_misspelt_top_level_field_of_a_spec_is_reported_as_unknown()
    {
        var result = await ValidateMutatedBaseAsync(set => set.Get("Deployment", "tf-serving").ObjectAt("spec")["replica"] = 2);

        Assert.That(result.ExitCode, Is.EqualTo(1));
        Assert.That(result.StandardOutput, Does.Contain("Deployment/tf-serving: unknown field: spec.replica "));
    }

    [Test]
    public async Task A_misspelt_field_deep_inside_a_container_is_reported_with_its_path()
    {
        var result = await ValidateMutatedBaseAsync(set =>
            ManifestSet.Containers(set.Get("Deployment", "webclient")).First()["imagePullPolice"] = "Always");

        Assert.That(result.ExitCode, Is.EqualTo(1));
        Assert.That(result.StandardOutput, Does.Contain("unknown field: spec.template.spec.containers[0].imagePullPolice"));
    }

    [Test]
    public async Task A_value_of_the_wrong_type_is_rejected_by_the_schema()
    {
        var result = await ValidateMutatedBaseAsync(set => set.Get("Deployment", "tf-serving").ObjectAt("spec")["replicas"] = "two");

        Assert.That(result.ExitCode, Is.EqualTo(1));
        Assert.That(result.StandardOutput, Does.Contain("Deployment/tf-serving: schema: /spec/replicas must be integer"));
    }

    [Test]
    public async Task A_missing_required_field_is_rejected_by_the_schema()
    {
        var result = await ValidateMutatedBaseAsync(set => set.Get("Deployment", "webclient").ObjectAt("spec").Remove("selector"));

        Assert.That(result.ExitCode, Is.EqualTo(1));
        Assert.That(result.StandardOutput, Does.Contain("Deployment/webclient: schema: /spec must have required property selector"));
    }

    [Test]
    public async Task An_unknown_api_version_is_rejected()
    {
        var result = await ValidateMutatedBaseAsync(set => set.Get("HorizontalPodAutoscaler", "tf-serving")["apiVersion"] = "autoscaling/v9");

        Assert.That(result.ExitCode, Is.EqualTo(1));
        Assert.That(result.StandardOutput, Does.Contain("HorizontalPodAutoscaler/tf-serving: unknown apiVersion/kind autoscaling/v9"));
    }

    [Test]
    public async Task Input_that_is_not_YAML_is_refused_with_exit_code_2()
    {
        var result = await NodeValidation.ValidateManifestsAsync("kind: [unclosed\n", CancellationToken.None);

        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.StandardError, Does.Contain("not valid YAML"));
    }

    private static async Task<ProcessResult> ValidateMutatedBaseAsync(Action<ManifestSet> mutate)
    {
        var set = await DeploymentFiles.RenderAsync(DeploymentFiles.Base, CancellationToken.None);
        mutate(set);
        return await NodeValidation.ValidateManifestsAsync(YamlDocuments.Write(set.Documents), CancellationToken.None);
    }
}
