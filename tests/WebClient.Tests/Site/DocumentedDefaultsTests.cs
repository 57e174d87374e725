using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;

namespace TwitterSentiment.WebClient.Tests.Site;

/// <summary>
/// Defaults are written once, as property initialisers of the options classes: docs/web.md's configuration table must
/// name every option with the value its class gives it (read through the configuration binder, as the site reads it),
/// and appsettings.json must not restate them.
/// </summary>
public sealed partial class DocumentedDefaultsTests
{
    [Test]
    public void Every_option_is_documented_once_with_the_default_its_class_gives_it()
    {
        var problems = Problems(File.ReadAllText(Path.Combine(Root, "docs", "web.md")), OptionsClasses());

        Assert.That(problems, Is.Empty);
        Assert.That(OptionsClasses().Select(t => t.Name), Is.EquivalentTo(new[] { "TfServingOptions", "InputLimits", "SiteOptions", "PageOptions" }));
    }

    [Test]
    public void A_wrong_default_a_missing_option_and_a_stale_key_are_each_caught()
    {
        const string table = """
            | `Site__RateLimitPermits` | `61` | wrong |
            | `Site__RateLimitWindow` | `00:01:00` | right |
            | `Site__ReadinessTimeout` | `00:00:02` | moved to TfServing |
            """;

        var problems = Problems(table, [typeof(Hosting.SiteOptions)]);

        Assert.That(problems, Is.EquivalentTo(new[]
        {
            "Site__RateLimitPermits: documented 61, but SiteOptions gives 60.",
            "Site__MaxRequestBytes (SiteOptions) is not documented.",
            "Site__ReadinessTimeout is documented, but SiteOptions has no such option.",
        }));
    }

    [Test]
    public void Appsettings_sets_no_option_so_the_initialisers_are_the_defaults()
    {
        using var settings = JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, "WebClient", "appsettings.json")), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        var sections = OptionsClasses().Select(SectionOf).ToHashSet(StringComparer.OrdinalIgnoreCase);

        Assert.That(settings.RootElement.EnumerateObject().Select(p => p.Name).Where(sections.Contains), Is.Empty);
        Assert.That(Directory.GetFiles(Path.Combine(Root, "WebClient"), "appsettings.*.json"), Is.Empty, "no per-environment file restates them either");
    }

    /// <summary>Every class of the site with a SectionName constant: what configuration binds to.</summary>
    private static List<Type> OptionsClasses() =>
        [.. typeof(Program).Assembly.GetTypes().Where(t => t.GetField("SectionName", BindingFlags.Public | BindingFlags.Static) is { IsLiteral: true })];

    private static string SectionOf(Type options) => (string)options.GetField("SectionName")!.GetRawConstantValue()!;

    private static List<string> Problems(string markdown, IReadOnlyList<Type> optionsClasses)
    {
        var documented = TableRow().Matches(markdown).Select(m => (Section: m.Groups[1].Value, Name: m.Groups[2].Value, Default: DefaultOf(m.Groups[3].Value))).ToList();
        var problems = new List<string>();
        foreach (var options in optionsClasses)
        {
            string section = SectionOf(options);
            var properties = options.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite).ToList();
            foreach (var property in properties)
            {
                var rows = documented.Where(d => d.Section == section && d.Name == property.Name).ToList();
                string key = $"{section}__{property.Name}";
                if (rows.Count != 1)
                {
                    problems.Add(rows.Count == 0 ? $"{key} ({options.Name}) is not documented." : $"{key} is documented {rows.Count} times.");
                    continue;
                }

                object? initial = property.GetValue(Activator.CreateInstance(options));
                object? bound = Bind(options, section, property, rows[0].Default);
                if (!Equals(initial, bound))
                {
                    problems.Add($"{key}: documented {rows[0].Default ?? "unset"}, but {options.Name} gives {initial ?? "nothing"}.");
                }
            }

            problems.AddRange(documented
                .Where(d => d.Section == section && properties.All(p => p.Name != d.Name) && optionsClasses.Where(o => SectionOf(o) == section).All(o => o.GetProperty(d.Name) is null))
                .Select(d => $"{d.Section}__{d.Name} is documented, but {options.Name} has no such option."));
        }

        return problems;
    }

    /// <summary>What the site would read from the documented value: the configuration binder's own conversion.</summary>
    private static object? Bind(Type options, string section, PropertyInfo property, string? value)
    {
        object target = Activator.CreateInstance(options)!;
        bool canBeUnset = !property.PropertyType.IsValueType || Nullable.GetUnderlyingType(property.PropertyType) is not null;
        if (!canBeUnset && value is null)
        {
            return null; // a number, time or switch always has a value: "unset" is wrong for it
        }

        if (canBeUnset)
        {
            property.SetValue(target, null); // so "unset" reads as nothing, not as the initialiser
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new($"{section}:{property.Name}", value)]).Build();
        configuration.GetSection(section).Bind(target);
        return property.GetValue(target);
    }

    /// <summary>The first `code` of the default column, or null for "unset".</summary>
    private static string? DefaultOf(string cell) => cell.TrimStart().StartsWith("unset", StringComparison.Ordinal) ? null : CodeSpan().Match(cell).Groups[1].Value;

    private static string Root => Repository.TryFindRoot() ?? throw new InconclusiveException("Not run inside the repository.");

    [GeneratedRegex(@"^\| `([A-Za-z]+)__([A-Za-z]+)` \| ([^|]*) \|", RegexOptions.Multiline)]
    private static partial Regex TableRow();

    [GeneratedRegex("`([^`]*)`")]
    private static partial Regex CodeSpan();
}
