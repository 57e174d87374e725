using System.Text.RegularExpressions;
using TwitterSentiment.Deployment.Tests.Checks;
using TwitterSentiment.Deployment.Tests.Infrastructure;

namespace TwitterSentiment.Deployment.Tests;

/// <summary>The Dockerfiles pass dockerfilelint and the serving image is pinned and wired to its config files.</summary>
public sealed partial class DockerfileTests
{
    [Test]
    public async Task The_serving_Dockerfile_passes_dockerfilelint()
    {
        var result = await NodeValidation.LintDockerfileAsync(RepositoryPaths.ServingDockerfile, CancellationToken.None);

        Assert.That(result.ExitCode, Is.Zero, result.Output);
    }

    [Test]
    public async Task The_web_client_Dockerfile_passes_dockerfilelint()
    {
        if (!File.Exists(RepositoryPaths.WebClientDockerfile))
        {
            Assert.Ignore("WebClient/Dockerfile is not in this checkout yet (the web client brings it).");
        }

        var result = await NodeValidation.LintDockerfileAsync(RepositoryPaths.WebClientDockerfile, CancellationToken.None);

        Assert.That(result.ExitCode, Is.Zero, result.Output);
    }

    [Test]
    public async Task Dockerfilelint_fails_a_Dockerfile_with_an_unpinned_base_and_an_impossible_port()
    {
        string file = Path.Combine(Path.GetTempPath(), $"deploy-tests-{Guid.NewGuid():N}.Dockerfile");
        try
        {
            await File.WriteAllTextAsync(file, "FROM tensorflow/serving:latest\nEXPOSE 99999\n");

            var result = await NodeValidation.LintDockerfileAsync(file, CancellationToken.None);

            Assert.That(result.ExitCode, Is.Not.Zero);
            Assert.That(result.Output, Does.Contain("Base Image Latest").And.Contain("Invalid Port Exposed"));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Test]
    public void The_serving_image_builds_on_a_pinned_TensorFlow_Serving_release()
    {
        var dockerfile = Dockerfile.Parse(File.ReadAllText(RepositoryPaths.ServingDockerfile));

        Assert.That(dockerfile.BaseImages, Has.Count.EqualTo(1));
        Assert.That(dockerfile.BaseImages[0], Does.Match(@"^tensorflow/serving:\d+\.\d+\.\d+$"));
    }

    [Test]
    public void Every_config_file_the_serving_entrypoint_names_is_committed_under_serving_config()
    {
        string text = File.ReadAllText(RepositoryPaths.ServingDockerfile);

        var named = ConfigFlagRegex().Matches(text).Select(m => m.Groups["file"].Value).ToList();

        Assert.That(named, Is.EquivalentTo(new[] { "models.config", "monitoring.config", "batching.config" }));
        Assert.That(named.Select(RepositoryPaths.ServingConfig), Has.All.Matches<string>(File.Exists));
    }

    [Test]
    public void The_serving_entrypoint_listens_on_the_exposed_gRPC_and_REST_ports()
    {
        string text = File.ReadAllText(RepositoryPaths.ServingDockerfile);
        var exposed = Dockerfile.Parse(text).ExposedPorts;

        Assert.Multiple(() =>
        {
            Assert.That(text, Does.Contain("\"--port=8500\""));
            Assert.That(text, Does.Contain("\"--rest_api_port=8501\""));
            Assert.That(exposed, Is.EquivalentTo(ServedApp.TfServing.AllPorts));
        });
    }

    [Test]
    public void The_root_dockerignore_excludes_what_the_web_client_build_context_excludes()
    {
        string perDockerfile = RepositoryPaths.WebClientDockerfile + ".dockerignore";
        if (!File.Exists(perDockerfile))
        {
            Assert.Ignore("WebClient/Dockerfile.dockerignore is not in this checkout.");
        }

        // Without BuildKit the root file applies, with it the per-Dockerfile one: both builds must see one context. The
        // order counts too: the last matching pattern decides.
        Assert.That(
            DockerIgnore.Read(Path.Combine(RepositoryPaths.Root, ".dockerignore")).Patterns,
            Is.EqualTo(DockerIgnore.Read(perDockerfile).Patterns));
    }

    [Test]
    public void The_web_client_image_copies_and_restores_every_project_the_site_references()
    {
        string dockerfile = File.ReadAllText(RepositoryPaths.WebClientDockerfile);
        int restore = dockerfile.IndexOf("RUN dotnet restore", StringComparison.Ordinal);
        var context = DockerIgnore.Read(RepositoryPaths.WebClientDockerfile + ".dockerignore");

        var projects = ReferencedProjects("WebClient/WebClient.csproj");

        Assert.That(projects, Does.Contain("serving/Contracts/Contracts.csproj"));
        foreach (string project in projects)
        {
            string folder = project[..project.LastIndexOf('/')];
            int copyProject = dockerfile.IndexOf($"COPY {project} {folder}/\n", StringComparison.Ordinal);
            int copySources = dockerfile.IndexOf($"COPY {folder}/ {folder}/\n", StringComparison.Ordinal);
            Assert.That(copyProject, Is.InRange(0, restore), $"{project} is copied before the restore");
            Assert.That(copySources, Is.GreaterThan(restore), $"{folder}/ is copied after the restore");
            var sources = Directory.EnumerateFiles(Path.Combine(RepositoryPaths.Root, folder), "*", SearchOption.AllDirectories)
                .Select(file => Path.GetRelativePath(RepositoryPaths.Root, file).Replace('\\', '/'))
                .Where(file => !file.Contains("/bin/", StringComparison.Ordinal) && !file.Contains("/obj/", StringComparison.Ordinal));
            Assert.That(sources.Where(context.Excludes), Is.Empty, $"the build context keeps {folder}/");
        }
    }

    [Test]
    public void The_web_client_build_context_leaves_out_build_output_and_the_rest_of_serving()
    {
        var context = DockerIgnore.Read(RepositoryPaths.WebClientDockerfile + ".dockerignore");

        Assert.Multiple(() =>
        {
            Assert.That(context.Excludes("serving/Contracts/bin/Debug/net10.0/TwitterSentiment.Contracts.dll"), Is.True);
            Assert.That(context.Excludes("WebClient/obj/project.assets.json"), Is.True);
            Assert.That(context.Excludes("serving/lib/saved-model.mjs"), Is.True);
            Assert.That(context.Excludes("serving/models/sentiment/1/saved_model.pb"), Is.True);
            Assert.That(context.Excludes("serving/Contracts/ServingContract.cs"), Is.False);
            Assert.That(context.Excludes("WebClient/Program.cs"), Is.False);
            Assert.That(context.Excludes("Directory.Packages.props"), Is.False);
        });
    }

    [Test]
    public void The_dockerignore_reader_lets_the_last_matching_pattern_decide()
    {
        var context = new DockerIgnore(["docs/*", "!docs/keep/", "**/tmp/"]);

        Assert.Multiple(() =>
        {
            Assert.That(context.Excludes("docs/a.md"), Is.True);
            Assert.That(context.Excludes("docs/keep/b.md"), Is.False);
            Assert.That(context.Excludes("docs/keep/tmp/c"), Is.True);
            Assert.That(context.Excludes("tmp/d"), Is.True);
            Assert.That(context.Excludes("src/e.cs"), Is.False);
        });
    }

    /// <summary>The csproj paths a project references, directly or through another, relative to the repository root.</summary>
    private static List<string> ReferencedProjects(string project)
    {
        var found = new List<string>();
        var pending = new Queue<string>([project]);
        while (pending.TryDequeue(out string? next))
        {
            string path = Path.Combine(RepositoryPaths.Root, next);
            foreach (var reference in System.Xml.Linq.XDocument.Load(path).Descendants("ProjectReference"))
            {
                string relative = Path.GetRelativePath(RepositoryPaths.Root, Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path) ?? "", (string?)reference.Attribute("Include") ?? ""))).Replace('\\', '/');
                if (!found.Contains(relative))
                {
                    found.Add(relative);
                    pending.Enqueue(relative);
                }
            }
        }

        return found;
    }

    [Test]
    public void The_Dockerfile_parser_joins_continuation_lines_and_reads_every_exposed_port()
    {
        var dockerfile = Dockerfile.Parse("# comment\nFROM --platform=linux/amd64 base:1 AS build\nEXPOSE 80/tcp \\\n    443\n");

        Assert.Multiple(() =>
        {
            Assert.That(dockerfile.BaseImages, Is.EqualTo(new[] { "base:1" }));
            Assert.That(dockerfile.ExposedPorts, Is.EqualTo(new[] { 80, 443 }));
        });
    }

    [GeneratedRegex(@"--\w+_file=/etc/tf-serving/(?<file>[\w.]+)")]
    private static partial Regex ConfigFlagRegex();
}
