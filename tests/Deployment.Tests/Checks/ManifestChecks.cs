using System.Text.Json.Nodes;
using TwitterSentiment.Deployment.Tests.Manifests;

namespace TwitterSentiment.Deployment.Tests.Checks;

/// <summary>
/// Cross-object checks that schemas cannot express: each returns the problems it found (empty = passes), phrased
/// so that a failing test says what to fix.
/// </summary>
internal static class ManifestChecks
{
    private const string LabelPrefix = "app.kubernetes.io/";
    private static readonly string[] RequiredLabels = ["app.kubernetes.io/name", "app.kubernetes.io/part-of"];
    private static readonly string[] ProbeKinds = ["startupProbe", "readinessProbe", "livenessProbe"];

    public static IReadOnlyList<string> ServiceSelectorsMatchPods(ManifestSet set)
    {
        var problems = new List<string>();
        foreach (var service in set.OfKind("Service"))
        {
            var selector = service.Map("spec.selector");
            if (selector.Count == 0)
            {
                problems.Add($"{ManifestSet.Describe(service)} has no selector.");
            }
            else if (!SelectedWorkloads(set, service, selector).Any())
            {
                problems.Add($"{ManifestSet.Describe(service)} selects {Format(selector)}, which no pod template carries.");
            }
        }

        return problems;
    }

    public static IReadOnlyList<string> ServiceTargetPortsExist(ManifestSet set)
    {
        var problems = new List<string>();
        foreach (var service in set.OfKind("Service"))
        {
            foreach (var workload in SelectedWorkloads(set, service, service.Map("spec.selector")))
            {
                foreach (var port in service.Objects("spec.ports"))
                {
                    string? target = port.Scalar("targetPort") ?? port.Scalar("port");
                    if (ResolvePort(workload, target) is null)
                    {
                        problems.Add($"{ManifestSet.Describe(service)} port {port.Scalar("port")} targets '{target}', "
                            + $"which no container of {ManifestSet.Describe(workload)} declares.");
                    }
                }
            }
        }

        return problems;
    }

    public static IReadOnlyList<string> ProbesPointAtServedPortsAndPaths(ManifestSet set)
    {
        var problems = new List<string>();
        foreach (var workload in set.Workloads)
        {
            foreach (var container in ManifestSet.Containers(workload))
            {
                string where = $"{ManifestSet.Describe(workload)} container {container.Text("name")}";
                var app = ServedApp.ForImage(container.Text("image"));
                if (app is null)
                {
                    problems.Add($"{where} runs image '{container.Text("image")}', which is not one of the project's images.");
                    continue;
                }

                foreach (string kind in ProbeKinds)
                {
                    if (container.At(kind) is not JsonObject probe)
                    {
                        problems.Add($"{where} has no {kind}.");
                        continue;
                    }

                    problems.AddRange(ProbeProblems(workload, app, kind, probe, $"{where} {kind}"));
                }
            }
        }

        return problems;
    }

    public static IReadOnlyList<string> AutoscalersAndBudgetsTargetWorkloads(ManifestSet set)
    {
        var problems = new List<string>();
        foreach (var hpa in set.OfKind("HorizontalPodAutoscaler"))
        {
            string? kind = hpa.Text("spec.scaleTargetRef.kind");
            string? name = hpa.Text("spec.scaleTargetRef.name");
            string? apiVersion = hpa.Text("spec.scaleTargetRef.apiVersion");
            var target = set.Workloads.FirstOrDefault(w =>
                w.Text("kind") == kind && w.Text("metadata.name") == name && SameNamespace(w, hpa));
            if (target is null)
            {
                problems.Add($"{ManifestSet.Describe(hpa)} scales {kind}/{name}, which does not exist in its namespace.");
                continue;
            }

            if (target.Text("apiVersion") != apiVersion)
            {
                problems.Add($"{ManifestSet.Describe(hpa)} names apiVersion {apiVersion} but {kind}/{name} is {target.Text("apiVersion")}.");
            }

            if ((hpa.Number("spec.minReplicas") ?? 1) > hpa.Number("spec.maxReplicas"))
            {
                problems.Add($"{ManifestSet.Describe(hpa)} has minReplicas above maxReplicas.");
            }

            // Utilization targets are relative to requests: without them the HPA never scales.
            foreach (var container in ManifestSet.Containers(target).Where(c => c.At("resources.requests.cpu") is null))
            {
                problems.Add($"{ManifestSet.Describe(hpa)} scales on CPU but {kind}/{name} container {container.Text("name")} requests no CPU.");
            }
        }

        foreach (var pdb in set.OfKind("PodDisruptionBudget"))
        {
            var selector = pdb.Map("spec.selector.matchLabels");
            if (selector.Count == 0)
            {
                problems.Add($"{ManifestSet.Describe(pdb)} has no matchLabels selector.");
            }
            else if (!set.Workloads.Any(w => SameNamespace(w, pdb) && ManifestSet.Matches(selector, ManifestSet.PodLabels(w))))
            {
                problems.Add($"{ManifestSet.Describe(pdb)} selects {Format(selector)}, which no pod template carries.");
            }
        }

        return problems;
    }

    public static IReadOnlyList<string> LabelsAreConsistent(ManifestSet set)
    {
        var problems = new List<string>();
        foreach (var document in set.Documents.Where(d => d.Text("kind") != "Namespace"))
        {
            var labels = document.Map("metadata.labels");
            foreach (string? key in RequiredLabels.Where(key => !labels.ContainsKey(key)))
            {
                problems.Add($"{ManifestSet.Describe(document)} lacks the label {key}.");
            }
        }

        foreach (var workload in set.Workloads)
        {
            var podLabels = ManifestSet.PodLabels(workload);
            var selector = workload.Map("spec.selector.matchLabels");
            if (selector.Count == 0 || !ManifestSet.Matches(selector, podLabels))
            {
                problems.Add($"{ManifestSet.Describe(workload)} selector {Format(selector)} does not match its pod template labels {Format(podLabels)}.");
            }

            var expected = AppLabels(podLabels);
            string? name = podLabels.GetValueOrDefault("app.kubernetes.io/name");
            var related = set.Documents.Where(d => d.Map("metadata.labels").GetValueOrDefault("app.kubernetes.io/name") == name);
            foreach (var document in related)
            {
                var actual = AppLabels(document.Map("metadata.labels"));
                if (!actual.OrderBy(p => p.Key, StringComparer.Ordinal).SequenceEqual(expected.OrderBy(p => p.Key, StringComparer.Ordinal)))
                {
                    problems.Add($"{ManifestSet.Describe(document)} labels {Format(actual)} differ from the {name} pod labels {Format(expected)}.");
                }
            }

            foreach (string? selectorKey in new[] { "spec.selector", "spec.selector.matchLabels", "spec.podSelector.matchLabels" })
            {
                foreach (var document in related.Where(d => d != workload))
                {
                    var other = document.Map(selectorKey);
                    if (other.Count > 0 && !other.All(pair => expected.TryGetValue(pair.Key, out string? v) && v == pair.Value))
                    {
                        problems.Add($"{ManifestSet.Describe(document)} selects {Format(other)}, not the {name} pod labels {Format(expected)}.");
                    }
                }
            }
        }

        return problems;
    }

    public static IReadOnlyList<string> NetworkPolicyAdmitsOnlyWebClientAndMonitoring(ManifestSet set)
    {
        var problems = new List<string>();
        var servers = WorkloadsOf(set, ServedApp.TfServing).ToList();
        if (servers.Count == 0)
        {
            return ["No tf-serving workload to protect."];
        }

        foreach (var server in servers)
        {
            var policies = set.OfKind("NetworkPolicy")
                .Where(p => SameNamespace(p, server)
                    && ManifestSet.Matches(p.Map("spec.podSelector.matchLabels"), ManifestSet.PodLabels(server))
                    && p.At("spec.policyTypes") is JsonArray types && types.Any(t => t?.ToString() == "Ingress"))
                .ToList();
            if (policies.Count == 0)
            {
                problems.Add($"No NetworkPolicy with policyTypes [Ingress] selects the pods of {ManifestSet.Describe(server)}.");
                continue;
            }

            bool webClientAdmitted = false;
            foreach (var policy in policies)
            {
                foreach (var rule in policy.Objects("spec.ingress"))
                {
                    var peers = rule.Objects("from").ToList();
                    if (peers.Count == 0)
                    {
                        problems.Add($"{ManifestSet.Describe(policy)} has an ingress rule without `from`, which admits every source.");
                        continue;
                    }

                    foreach (var port in rule.Objects("ports"))
                    {
                        if (ResolvePort(server, port.Scalar("port")) is null)
                        {
                            problems.Add($"{ManifestSet.Describe(policy)} opens port '{port.Scalar("port")}', which {ManifestSet.Describe(server)} does not declare.");
                        }
                    }

                    foreach (var peer in peers)
                    {
                        var (admitsWebClient, problem) = ClassifyPeer(set, policy, peer);
                        if (problem is not null)
                        {
                            problems.Add($"{ManifestSet.Describe(policy)}: {problem}");
                        }

                        webClientAdmitted |= admitsWebClient && RuleOpensPort(server, rule, ServedApp.TfServing.HttpPort);
                    }
                }
            }

            if (!webClientAdmitted)
            {
                problems.Add($"No NetworkPolicy admits the webclient pods to the REST port of {ManifestSet.Describe(server)}.");
            }
        }

        return problems;
    }

    public static IReadOnlyList<string> ContainersAreHardenedWithGuaranteedResources(ManifestSet set)
    {
        var problems = new List<string>();
        foreach (var workload in set.Workloads)
        {
            var pod = workload.At("spec.template.spec");
            foreach (var container in ManifestSet.Containers(workload))
            {
                string where = $"{ManifestSet.Describe(workload)} container {container.Text("name")}";
                var nonRoot = container.At("securityContext.runAsNonRoot") ?? pod.At("securityContext.runAsNonRoot");
                if (nonRoot?.ToString() != "true")
                {
                    problems.Add($"{where} does not set runAsNonRoot: true.");
                }

                if (container.At("securityContext.readOnlyRootFilesystem")?.ToString() != "true")
                {
                    problems.Add($"{where} does not set readOnlyRootFilesystem: true.");
                }

                if (container.At("securityContext.allowPrivilegeEscalation")?.ToString() != "false")
                {
                    problems.Add($"{where} does not set allowPrivilegeEscalation: false.");
                }

                if (container.At("securityContext.capabilities.drop") is not JsonArray drop || !drop.Any(c => c?.ToString() == "ALL"))
                {
                    problems.Add($"{where} does not drop ALL capabilities.");
                }

                foreach (string? resource in new[] { "cpu", "memory" })
                {
                    string? request = container.Scalar($"resources.requests.{resource}");
                    string? limit = container.Scalar($"resources.limits.{resource}");
                    if (request is null || request != limit)
                    {
                        problems.Add($"{where} {resource} request '{request}' and limit '{limit}' must both be set and equal.");
                    }
                }
            }
        }

        return problems;
    }

    public static IReadOnlyList<string> TfServingIsInternalAndScraped(ManifestSet set, string metricsPath)
    {
        var problems = new List<string>();
        foreach (var server in WorkloadsOf(set, ServedApp.TfServing))
        {
            var annotations = server.Map("spec.template.metadata.annotations");
            if (annotations.GetValueOrDefault("prometheus.io/scrape") != "true")
            {
                problems.Add($"{ManifestSet.Describe(server)} pods lack the annotation prometheus.io/scrape: \"true\".");
            }

            if (ResolvePort(server, annotations.GetValueOrDefault("prometheus.io/port")) != ServedApp.TfServing.HttpPort)
            {
                problems.Add($"{ManifestSet.Describe(server)} prometheus.io/port '{annotations.GetValueOrDefault("prometheus.io/port")}' is not the REST port, where TF Serving serves metrics.");
            }

            if (annotations.GetValueOrDefault("prometheus.io/path") != metricsPath)
            {
                problems.Add($"{ManifestSet.Describe(server)} prometheus.io/path '{annotations.GetValueOrDefault("prometheus.io/path")}' is not {metricsPath} (serving/config/monitoring.config).");
            }

            foreach (var service in set.OfKind("Service").Where(s => SelectedWorkloads(set, s, s.Map("spec.selector")).Contains(server)))
            {
                string type = service.Text("spec.type") ?? "ClusterIP";
                if (type != "ClusterIP")
                {
                    problems.Add($"{ManifestSet.Describe(service)} exposes TF Serving as {type}; only the web site may be reachable from outside.");
                }
            }
        }

        return problems;
    }

    /// <summary>Every check by name, for tests that run them all over a kustomization.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> All(ManifestSet set, string metricsPath) =>
        new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
        {
            [nameof(ServiceSelectorsMatchPods)] = ServiceSelectorsMatchPods(set),
            [nameof(ServiceTargetPortsExist)] = ServiceTargetPortsExist(set),
            [nameof(ProbesPointAtServedPortsAndPaths)] = ProbesPointAtServedPortsAndPaths(set),
            [nameof(AutoscalersAndBudgetsTargetWorkloads)] = AutoscalersAndBudgetsTargetWorkloads(set),
            [nameof(LabelsAreConsistent)] = LabelsAreConsistent(set),
            [nameof(NetworkPolicyAdmitsOnlyWebClientAndMonitoring)] = NetworkPolicyAdmitsOnlyWebClientAndMonitoring(set),
            [nameof(ContainersAreHardenedWithGuaranteedResources)] = ContainersAreHardenedWithGuaranteedResources(set),
            [nameof(TfServingIsInternalAndScraped)] = TfServingIsInternalAndScraped(set, metricsPath),
        };

    /// <summary>The container port number a probe/Service/policy port refers to, by name or number; null if none.</summary>
    public static int? ResolvePort(JsonNode workload, string? port)
    {
        if (port is null)
        {
            return null;
        }

        var declared = ManifestSet.Containers(workload).SelectMany(c => c.Objects("ports"));
        var match = declared.FirstOrDefault(p => p.Text("name") == port || p.Scalar("containerPort") == port);
        return match?.Number("containerPort") is { } number ? (int)number : null;
    }

    public static IEnumerable<JsonObject> WorkloadsOf(ManifestSet set, ServedApp app) =>
        set.Workloads.Where(w => ManifestSet.Containers(w).Any(c => ServedApp.ForImage(c.Text("image")) == app));

    private static IEnumerable<string> ProbeProblems(JsonObject workload, ServedApp app, string kind, JsonObject probe, string where)
    {
        if (probe.At("httpGet") is JsonObject httpGet)
        {
            int? port = ResolvePort(workload, httpGet.Scalar("port"));
            string path = httpGet.Text("path") ?? "/";
            if (port is null)
            {
                yield return $"{where} uses port '{httpGet.Scalar("port")}', which the container does not declare.";
            }
            else if (port != app.HttpPort)
            {
                yield return $"{where} sends HTTP to port {port}, but {app.Name} serves HTTP on {app.HttpPort}.";
            }

            if (!app.ServedPaths.Contains(path))
            {
                yield return $"{where} requests {path}, which {app.Name} does not serve ({string.Join(", ", app.ServedPaths)}).";
            }
            else if (kind == "readinessProbe" && path != app.ReadinessPath)
            {
                yield return $"{where} requests {path}, which does not wait for the model; use {app.ReadinessPath}.";
            }
            else if (kind == "livenessProbe" && !app.LivenessPaths.Contains(path))
            {
                yield return $"{where} requests {path}; liveness must not depend on other services ({string.Join(", ", app.LivenessPaths)}).";
            }
        }
        else if (probe.At("tcpSocket") is JsonObject tcp)
        {
            if (ResolvePort(workload, tcp.Scalar("port")) is null)
            {
                yield return $"{where} uses port '{tcp.Scalar("port")}', which the container does not declare.";
            }
            else if (kind == "readinessProbe")
            {
                yield return $"{where} only opens a socket, which does not show the model is AVAILABLE; use GET {app.ReadinessPath}.";
            }
        }
        else if (probe.At("exec") is null && probe.At("grpc") is null)
        {
            yield return $"{where} has no handler.";
        }
    }

    private static (bool AdmitsWebClient, string? Problem) ClassifyPeer(ManifestSet set, JsonObject policy, JsonObject peer)
    {
        if (peer.At("ipBlock") is not null)
        {
            return (false, "an ipBlock peer admits addresses rather than the web client or monitoring.");
        }

        if (peer.At("namespaceSelector") is JsonObject namespaceSelector)
        {
            // Another namespace: only the monitoring namespace may come in (e.g. Prometheus scraping metrics).
            var labels = namespaceSelector.Map("matchLabels");
            return labels.Count > 0 && labels.Values.All(v => v.Contains("monitoring", StringComparison.Ordinal))
                ? (false, null)
                : (false, $"namespaceSelector {Format(labels)} admits namespaces other than monitoring.");
        }

        var selector = peer.Map("podSelector.matchLabels");
        if (selector.Count == 0)
        {
            return (false, "an empty podSelector admits every pod of the namespace.");
        }

        var admitted = set.Workloads.Where(w => SameNamespace(w, policy) && ManifestSet.Matches(selector, ManifestSet.PodLabels(w))).ToList();
        if (admitted.Count == 0)
        {
            return (false, $"podSelector {Format(selector)} selects no pods.");
        }

        var strangers = admitted.Where(w => WorkloadsOf(set, ServedApp.WebClient).All(web => web != w)).ToList();
        return strangers.Count > 0
            ? (false, $"podSelector {Format(selector)} admits {string.Join(", ", strangers.Select(ManifestSet.Describe))}, not only the web client.")
            : (true, null);
    }

    private static bool RuleOpensPort(JsonObject server, JsonObject rule, int port)
    {
        var ports = rule.Objects("ports").ToList();
        return ports.Count == 0 || ports.Any(p => ResolvePort(server, p.Scalar("port")) == port);
    }

    private static IEnumerable<JsonObject> SelectedWorkloads(ManifestSet set, JsonObject service, IReadOnlyDictionary<string, string> selector) =>
        selector.Count == 0
            ? []
            : set.Workloads.Where(w => SameNamespace(w, service) && ManifestSet.Matches(selector, ManifestSet.PodLabels(w)));

    private static bool SameNamespace(JsonNode a, JsonNode b) => ManifestSet.Namespace(a) == ManifestSet.Namespace(b);

    private static Dictionary<string, string> AppLabels(IReadOnlyDictionary<string, string> labels) =>
        labels.Where(pair => pair.Key.StartsWith(LabelPrefix, StringComparison.Ordinal)).ToDictionary(StringComparer.Ordinal);

    private static string Format(IReadOnlyDictionary<string, string> labels) =>
        "{" + string.Join(", ", labels.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}")) + "}";
}
