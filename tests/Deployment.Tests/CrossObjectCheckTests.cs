using System.Text.Json.Nodes;
using TwitterSentiment.Deployment.Tests.Checks;
using TwitterSentiment.Deployment.Tests.Infrastructure;
using TwitterSentiment.Deployment.Tests.Manifests;

namespace TwitterSentiment.Deployment.Tests;

/// <summary>
/// The cross-object checks pass on every committed kustomization, and each one fails on a manifest broken on
/// purpose (so none of them is a check that cannot fail).
/// </summary>
public sealed class CrossObjectCheckTests
{
    private static IEnumerable<string> Kustomizations() => RepositoryPaths.Kustomizations();

    [TestCaseSource(nameof(Kustomizations))]
    public async Task Every_cross_object_check_passes(string kustomization)
    {
        var set = await DeploymentFiles.RenderAsync(kustomization, CancellationToken.None);

        var results = ManifestChecks.All(set, DeploymentFiles.MetricsPath());

        Assert.Multiple(() =>
        {
            foreach (var (check, problems) in results)
            {
                Assert.That(problems, Is.Empty, check);
            }
        });
    }

    private static IEnumerable<string> BrokenManifestNames() => BrokenManifests().Select(c => c.Name);

    [TestCaseSource(nameof(BrokenManifestNames))]
    public async Task A_broken_manifest_is_caught(string brokenManifest)
    {
        var (_, breakIt, check, expected) = BrokenManifests().Single(c => c.Name == brokenManifest);
        var set = await DeploymentFiles.RenderAsync(DeploymentFiles.Base, CancellationToken.None);
        Assert.That(check(set), Is.Empty, "The check must pass before the manifest is broken.");

        breakIt(set);
        var problems = check(set);

        Assert.That(problems, Has.Some.Contains(expected));
    }

    private static IEnumerable<BrokenManifest> BrokenManifests()
    {
        static BrokenManifest Case(string name, Action<ManifestSet> breakIt, Func<ManifestSet, IReadOnlyList<string>> check, string expected) =>
            new(name, breakIt, check, expected);

        static JsonObject Container(ManifestSet set, string name) => ManifestSet.Containers(set.Get("Deployment", name)).First();
        static JsonObject Policy(ManifestSet set) => set.Get("NetworkPolicy", "tf-serving");
        static JsonArray Peers(ManifestSet set, int rule) => (JsonArray?)Policy(set).Objects("spec.ingress").ElementAt(rule)["from"] ?? [];

        yield return Case("a Service selector that matches no pod",
            s => s.Get("Service", "tf-serving").ObjectAt("spec.selector")["app.kubernetes.io/name"] = "tf-servin",
            ManifestChecks.ServiceSelectorsMatchPods, "Service/tf-serving selects");
        yield return Case("a Service targetPort no container declares",
            s => s.Get("Service", "webclient").Objects("spec.ports").First()["targetPort"] = "web",
            ManifestChecks.ServiceTargetPortsExist, "targets 'web'");
        yield return Case("a Service targetPort number no container declares",
            s => s.Get("Service", "tf-serving").Objects("spec.ports").First()["targetPort"] = 9000,
            ManifestChecks.ServiceTargetPortsExist, "targets '9000'");
        yield return Case("TF Serving readiness on the status endpoint, which is 200 while loading",
            s => Container(s, "tf-serving").ObjectAt("readinessProbe.httpGet")["path"] = "/v1/models/sentiment",
            ManifestChecks.ProbesPointAtServedPortsAndPaths, "does not wait for the model");
        yield return Case("a TF Serving HTTP probe on the gRPC port",
            s => Container(s, "tf-serving").ObjectAt("livenessProbe.httpGet")["port"] = "grpc",
            ManifestChecks.ProbesPointAtServedPortsAndPaths, "serves HTTP on 8501");
        yield return Case("a probe on a port the container does not declare",
            s => Container(s, "webclient").ObjectAt("startupProbe.httpGet")["port"] = 8081,
            ManifestChecks.ProbesPointAtServedPortsAndPaths, "uses port '8081'");
        yield return Case("a web client probe on a path the site does not serve",
            s => Container(s, "webclient").ObjectAt("readinessProbe.httpGet")["path"] = "/ready",
            ManifestChecks.ProbesPointAtServedPortsAndPaths, "requests /ready, which webclient does not serve");
        yield return Case("web client liveness that depends on the model",
            s => Container(s, "webclient").ObjectAt("livenessProbe.httpGet")["path"] = "/readyz",
            ManifestChecks.ProbesPointAtServedPortsAndPaths, "liveness must not depend");
        yield return Case("a missing startup probe",
            s => Container(s, "tf-serving").Remove("startupProbe"),
            ManifestChecks.ProbesPointAtServedPortsAndPaths, "has no startupProbe");
        yield return Case("a readiness probe that only opens a socket",
            s => Container(s, "tf-serving")["readinessProbe"] = new JsonObject { ["tcpSocket"] = new JsonObject { ["port"] = "http" } },
            ManifestChecks.ProbesPointAtServedPortsAndPaths, "only opens a socket");
        yield return Case("an HPA that scales a Deployment that does not exist",
            s => s.Get("HorizontalPodAutoscaler", "tf-serving").ObjectAt("spec.scaleTargetRef")["name"] = "tf-servin",
            ManifestChecks.AutoscalersAndBudgetsTargetWorkloads, "scales Deployment/tf-servin, which does not exist");
        yield return Case("an HPA on CPU for pods that request no CPU",
            s => Container(s, "webclient").ObjectAt("resources.requests").Remove("cpu"),
            ManifestChecks.AutoscalersAndBudgetsTargetWorkloads, "requests no CPU");
        yield return Case("a PodDisruptionBudget that selects no pod",
            s => s.Get("PodDisruptionBudget", "webclient").ObjectAt("spec.selector.matchLabels")["app.kubernetes.io/name"] = "web",
            ManifestChecks.AutoscalersAndBudgetsTargetWorkloads, "PodDisruptionBudget/webclient selects");
        yield return Case("pod labels that differ from the Deployment's",
            s => s.Get("Deployment", "webclient").ObjectAt("spec.template.metadata.labels")["app.kubernetes.io/component"] = "frontend",
            ManifestChecks.LabelsAreConsistent, "differ from the webclient pod labels");
        yield return Case("a Deployment selector its pods do not carry",
            s => s.Get("Deployment", "tf-serving").ObjectAt("spec.selector.matchLabels")["app.kubernetes.io/part-of"] = "other",
            ManifestChecks.LabelsAreConsistent, "does not match its pod template labels");
        yield return Case("an object without the app.kubernetes.io/part-of label",
            s => s.Get("HorizontalPodAutoscaler", "webclient").ObjectAt("metadata.labels").Remove("app.kubernetes.io/part-of"),
            ManifestChecks.LabelsAreConsistent, "HorizontalPodAutoscaler/webclient lacks the label app.kubernetes.io/part-of");
        yield return Case("a NetworkPolicy that selects other pods than TF Serving",
            s => Policy(s).ObjectAt("spec.podSelector.matchLabels")["app.kubernetes.io/name"] = "tf-servin",
            ManifestChecks.NetworkPolicyAdmitsOnlyWebClientAndMonitoring, "No NetworkPolicy with policyTypes [Ingress] selects");
        yield return Case("a NetworkPolicy peer that admits every pod of the namespace",
            s => Peers(s, 0).Add(new JsonObject { ["podSelector"] = new JsonObject() }),
            ManifestChecks.NetworkPolicyAdmitsOnlyWebClientAndMonitoring, "empty podSelector admits every pod");
        yield return Case("a NetworkPolicy peer that admits an address block",
            s => Peers(s, 0).Add(new JsonObject { ["ipBlock"] = new JsonObject { ["cidr"] = "0.0.0.0/0" } }),
            ManifestChecks.NetworkPolicyAdmitsOnlyWebClientAndMonitoring, "ipBlock");
        yield return Case("a NetworkPolicy that admits TF Serving's own pods instead of the web client",
            s => Peers(s, 0)[0].ObjectAt("podSelector.matchLabels")["app.kubernetes.io/name"] = "tf-serving",
            ManifestChecks.NetworkPolicyAdmitsOnlyWebClientAndMonitoring, "No NetworkPolicy admits the webclient pods");
        yield return Case("a NetworkPolicy that admits namespaces other than monitoring",
            s => Peers(s, 1)[0].ObjectAt("namespaceSelector")["matchLabels"] = new JsonObject { ["team"] = "frontend" },
            ManifestChecks.NetworkPolicyAdmitsOnlyWebClientAndMonitoring, "admits namespaces other than monitoring");
        yield return Case("a NetworkPolicy rule without sources",
            s => Policy(s).Objects("spec.ingress").First().Remove("from"),
            ManifestChecks.NetworkPolicyAdmitsOnlyWebClientAndMonitoring, "admits every source");
        yield return Case("a writable root filesystem",
            s => Container(s, "tf-serving").ObjectAt("securityContext")["readOnlyRootFilesystem"] = false,
            ManifestChecks.ContainersAreHardenedWithGuaranteedResources, "readOnlyRootFilesystem");
        yield return Case("a pod that may run as root",
            s => s.Get("Deployment", "webclient").ObjectAt("spec.template.spec.securityContext").Remove("runAsNonRoot"),
            ManifestChecks.ContainersAreHardenedWithGuaranteedResources, "runAsNonRoot");
        yield return Case("limits above requests",
            s => Container(s, "tf-serving").ObjectAt("resources.limits")["memory"] = "2Gi",
            ManifestChecks.ContainersAreHardenedWithGuaranteedResources, "memory request '1Gi' and limit '2Gi'");
        yield return Case("TF Serving exposed outside the cluster",
            s => s.Get("Service", "tf-serving").ObjectAt("spec")["type"] = "LoadBalancer",
            s => ManifestChecks.TfServingIsInternalAndScraped(s, DeploymentFiles.MetricsPath()), "exposes TF Serving as LoadBalancer");
        yield return Case("Prometheus pointed at the gRPC port",
            s => s.Get("Deployment", "tf-serving").ObjectAt("spec.template.metadata.annotations")["prometheus.io/port"] = "8500",
            s => ManifestChecks.TfServingIsInternalAndScraped(s, DeploymentFiles.MetricsPath()), "is not the REST port");
        yield return Case("Prometheus pointed at a path TF Serving does not serve metrics on",
            s => s.Get("Deployment", "tf-serving").ObjectAt("spec.template.metadata.annotations")["prometheus.io/path"] = "/metrics",
            s => ManifestChecks.TfServingIsInternalAndScraped(s, DeploymentFiles.MetricsPath()), "prometheus.io/path '/metrics'");
    }

    /// <summary>One way to break the base manifests, the check that must notice, and what it must say.</summary>
    private sealed record BrokenManifest(string Name, Action<ManifestSet> Break, Func<ManifestSet, IReadOnlyList<string>> Check, string Expected);
}
