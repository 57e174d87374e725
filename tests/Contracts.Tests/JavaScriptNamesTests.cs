using System.Reflection;
using System.Text;
using System.Text.Json.Nodes;

namespace TwitterSentiment.Contracts.Tests;

/// <summary>
/// serving/lib/serving-names.mjs (the local server's names) against <see cref="ServingContract"/>: node imports the
/// module as the server does, and every export must equal the C# constant of the same name (UPPER_SNAKE_CASE of it).
/// </summary>
public sealed class JavaScriptNamesTests
{
    /// <summary>The names the JavaScript side must export: every serving name it reads.</summary>
    private static readonly string[] Required =
    [
        "MODEL_NAME", "SERVE_TAG", "SAVED_MODEL_FILE", "SAVED_MODEL_TEXT_FILE", "WARMUP_FILE", "PREDICT_METHOD",
        "SERVING_SIGNATURE", "TOKENIZE_SIGNATURE", "MODEL_INFO_SIGNATURE", "INIT_OP_SIGNATURE", "TEXT_INPUT",
        "PROBABILITY_OUTPUT", "LABEL_OUTPUT", "TOKEN_IDS_OUTPUT", "TOKEN_COUNT_OUTPUT", "MODEL_INFO_OUTPUT",
        "POSITIVE_LABEL", "NEGATIVE_LABEL",
    ];

    private JsonObject _exports = null!;

    [OneTimeSetUp]
    public async Task ImportTheModuleAsync()
    {
        string node = ProcessRunner.Require("node", "Node.js 20, as the local server needs");
        string module = new Uri(Repository.Path("serving", "lib", "serving-names.mjs")).AbsoluteUri;
        var result = await ProcessRunner.RunAsync(node,
            ["--input-type=module", "-e", $"import * as names from '{module}'; console.log(JSON.stringify(names));"]);
        Assert.That(result.ExitCode, Is.Zero, result.Output);
        _exports = JsonNode.Parse(result.StandardOutput)?.AsObject() ?? throw new AssertionException($"node printed no JSON object: {result.Output}");
    }

    [TestCaseSource(nameof(Required))]
    public void The_module_exports_every_serving_name(string name)
    {
        Assert.That(_exports.ContainsKey(name), Is.True, $"serving-names.mjs does not export {name}");
    }

    [Test]
    public void Every_export_equals_the_CSharp_constant_of_the_same_name()
    {
        var constants = typeof(ServingContract).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(field => field.IsLiteral)
            .ToDictionary(field => field.Name, field => field.GetRawConstantValue()?.ToString(), StringComparer.Ordinal);

        var problems = new List<string>();
        foreach (var (name, value) in _exports)
        {
            string csharp = PascalCase(name);
            if (!constants.TryGetValue(csharp, out string? expected))
            {
                problems.Add($"{name}: ServingContract has no {csharp}");
            }
            else if (value is not JsonValue text || text.GetValueKind() != System.Text.Json.JsonValueKind.String || text.GetValue<string>() != expected)
            {
                problems.Add($"{name} = {value?.ToJsonString()}, ServingContract.{csharp} = \"{expected}\"");
            }
        }

        Assert.That(problems, Is.Empty, string.Join('\n', problems));
    }

    [TestCase("MODEL_NAME", "ModelName")]
    [TestCase("SAVED_MODEL_TEXT_FILE", "SavedModelTextFile")]
    [TestCase("INIT_OP_SIGNATURE", "InitOpSignature")]
    [TestCase("TOKEN_IDS_OUTPUT", "TokenIdsOutput")]
    public void A_JavaScript_name_is_the_UPPER_SNAKE_CASE_of_the_CSharp_one(string javaScript, string csharp)
    {
        Assert.That(PascalCase(javaScript), Is.EqualTo(csharp));
    }

    private static string PascalCase(string upperSnake)
    {
        var name = new StringBuilder();
        foreach (string part in upperSnake.Split('_', StringSplitOptions.RemoveEmptyEntries))
        {
            name.Append(part[0]).Append(part[1..].ToLowerInvariant());
        }

        return name.ToString();
    }
}
