using System.Text.RegularExpressions;

namespace TwitterSentiment.WebClient.Tests.Site;

/// <summary>
/// The site's folders depend in one direction only: Hosting (the composition root) → Pages → Analysis → Serving. A file
/// may name its own layer and those below it, never one above.
/// </summary>
public sealed class LayeringTests
{
    /// <summary>Lowest first.</summary>
    private static readonly string[] Layers = ["Serving", "Analysis", "Pages", "Hosting"];

    [Test]
    public void No_folder_of_the_site_names_a_layer_above_it()
    {
        string site = Path.Combine(Repository.TryFindRoot() ?? throw new InconclusiveException("Not run inside the repository."), "WebClient");
        var files = Layers.SelectMany(layer => Directory.EnumerateFiles(Path.Combine(site, layer), "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".cshtml", StringComparison.Ordinal))
            .Select(f => (Layer: layer, Name: Path.GetRelativePath(site, f), Text: File.ReadAllText(f))));

        var problems = files.SelectMany(f => UpwardReferences(f.Layer, f.Name, f.Text)).ToList();

        Assert.That(problems, Is.Empty);
    }

    [Test]
    public void A_reference_up_a_layer_is_caught_qualified_or_imported()
    {
        const string source = """
            using TwitterSentiment.WebClient.Hosting;
            var limits = new Analysis.InputLimits();
            var client = TwitterSentiment.WebClient.Serving.TfServingClient.Create();
            """;

        var problems = UpwardReferences("Serving", "Serving/Sample.cs", source);

        Assert.That(problems, Is.EqualTo(new[]
        {
            "Serving/Sample.cs (Serving) names Analysis.",
            "Serving/Sample.cs (Serving) names Hosting.",
        }));
    }

    private static IEnumerable<string> UpwardReferences(string layer, string file, string text) =>
        Layers.SkipWhile(l => l != layer).Skip(1)
            .Where(above => Regex.IsMatch(text, $@"(?<![\w.])(TwitterSentiment\.WebClient\.)?{above}\.[A-Z]") || text.Contains($"TwitterSentiment.WebClient.{above}", StringComparison.Ordinal))
            .Select(above => $"{file} ({layer}) names {above}.");
}
