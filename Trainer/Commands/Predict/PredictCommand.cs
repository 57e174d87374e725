using System.Globalization;
using System.Text;
using System.Text.Json;
using Spectre.Console;
using Spectre.Console.Cli;
using TwitterSentiment.Contracts;
using TwitterSentiment.Trainer.Data;
using TwitterSentiment.Trainer.Scoring;

namespace TwitterSentiment.Trainer.Commands.Predict;

/// <summary>
/// <c>trainer predict "text" … | trainer predict &lt; lines.txt</c>: the label and P(positive) of each text from one
/// trained model, as a table or (<c>--json</c>) JSON lines, one object per text in input order. A text of which the
/// model knows no token is marked: its answer is only the model's overall leaning.
/// </summary>
public sealed class PredictCommand(IAnsiConsole console, Notices notices) : AsyncCommand<PredictSettings>
{
    /// <summary>More texts than this get a progress bar.</summary>
    private const int ProgressFrom = 1000;

    private const string KnewNoWords = "knew none of its words: this is the model's overall leaning";

    public override async Task<int> ExecuteAsync(CommandContext context, PredictSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var arguments = settings.TextArguments;
        bool readsInput = arguments.Count == 0 || arguments.Contains(CommandLineArguments.StandardInput);
        var scorer = await ModelScorerFactory.OpenAsync(settings.ToModelSource(), notices.Show, cancellationToken);
        await using (scorer)
        {
            var lines = readsInput ? await TextLines.ReadAsync(Console.OpenStandardInput(), "standard input", cancellationToken) : [];
            var texts = ExpandStandardInput(arguments, lines);
            if (texts.Count == 0) throw new DataException("Standard input held no text to score (blank lines are skipped).");

            float[] probabilities = settings.Json || texts.Count <= ProgressFrom
                ? await scorer.ScoreAsync(texts, scored: null, cancellationToken)
                : await ScoreWithProgressAsync(scorer, texts, cancellationToken);
            int[] knownTokens = await scorer.CountKnownTokensAsync(texts, cancellationToken);
            var predictions = texts.Select((text, i) => new Prediction(text, LabelOf(probabilities[i], settings.Threshold), probabilities[i], knownTokens[i])).ToList();

            if (settings.Json) WriteJsonLines(console.Profile.Out.Writer, predictions);
            else console.Write(Table(scorer.Description, settings.Threshold, predictions));
            return 0;
        }
    }

    /// <summary>The graph's rule: above the threshold is positive.</summary>
    public static string LabelOf(float probability, double threshold) =>
        probability > threshold ? ServingContract.PositiveLabel : ServingContract.NegativeLabel;

    /// <summary>
    /// The arguments in order, each "-" replaced by the non-blank <paramref name="lines"/> of standard input (once);
    /// no arguments at all means those lines.
    /// </summary>
    internal static IReadOnlyList<string> ExpandStandardInput(IReadOnlyList<string> arguments, IReadOnlyList<string> lines)
    {
        var input = lines.Where(line => !string.IsNullOrWhiteSpace(line)).ToList();
        if (arguments.Count == 0) return input;

        var texts = new List<string>();
        bool used = false;
        foreach (string argument in arguments)
        {
            if (argument != CommandLineArguments.StandardInput)
            {
                texts.Add(argument);
            }
            else if (!used)
            {
                texts.AddRange(input);
                used = true;
            }
        }
        return texts;
    }

    private Task<float[]> ScoreWithProgressAsync(IModelScorer scorer, IReadOnlyList<string> texts, CancellationToken cancellationToken) =>
        ProgressDisplay.StartAsync(console, ProgressDisplay.RunColumns(), clear: true, display =>
        {
            var task = display.AddTask("Scoring", texts.Count);
            return scorer.ScoreAsync(texts, new SynchronousProgress<int>(count => task.Report(count)), cancellationToken);
        });

    private static Table Table(string model, double threshold, IReadOnlyList<Prediction> predictions)
    {
        var table = new Table()
            .Title(ConsoleText.Markup(string.Create(CultureInfo.InvariantCulture, $"{model}, threshold {threshold}")))
            .AddColumn("Text")
            .AddColumn("Label")
            .AddColumn(new TableColumn("Probability").RightAligned());
        bool notes = predictions.Any(prediction => prediction.KnownTokens == 0);
        if (notes) table.AddColumn("Note");
        foreach (var prediction in predictions)
        {
            string color = prediction.Label == ServingContract.PositiveLabel ? "green" : "red";
            string[] cells =
            [
                ConsoleText.Markup(prediction.Text),
                $"[{color}]{prediction.Label}[/]",
                prediction.Probability.ToString("F4", CultureInfo.InvariantCulture),
            ];
            table.AddRow(notes ? [.. cells, prediction.KnownTokens == 0 ? $"[yellow]{KnewNoWords}[/]" : ""] : cells);
        }
        return table;
    }

    /// <summary>
    /// One compact JSON object per line: {"text": …, "label": "positive"|"negative", "probability": 0.97,
    /// "known_tokens": 3}; known_tokens 0 means the model knew none of the text's words.
    /// </summary>
    private static void WriteJsonLines(TextWriter output, IReadOnlyList<Prediction> predictions)
    {
        using var buffer = new MemoryStream();
        foreach (var prediction in predictions)
        {
            buffer.SetLength(0);
            using (var json = new Utf8JsonWriter(buffer))
            {
                json.WriteStartObject();
                json.WriteString("text", prediction.Text);
                json.WriteString("label", prediction.Label);
                json.WriteNumber("probability", prediction.Probability);
                json.WriteNumber("known_tokens", prediction.KnownTokens);
                json.WriteEndObject();
            }
            output.WriteLine(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
        }
        output.Flush();
    }
}
