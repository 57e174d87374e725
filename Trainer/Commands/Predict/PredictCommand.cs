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
/// trained model, as a table or (<c>--json</c>) JSON lines, one object per text in input order.
/// </summary>
public sealed class PredictCommand(IAnsiConsole console, Notices notices) : AsyncCommand<PredictSettings>
{
    /// <summary>More texts than this get a progress bar.</summary>
    private const int ProgressFrom = 1000;

    public override async Task<int> ExecuteAsync(CommandContext context, PredictSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        bool readsInput = settings.Texts.Length == 0 || settings.Texts.Contains(PredictSettings.StandardInput);
        var scorer = await ModelScorerFactory.OpenAsync(settings.ToModelSource(), notices.Show, cancellationToken);
        await using (scorer)
        {
            var texts = readsInput ? await ExpandStandardInputAsync(settings.Texts, Console.In, cancellationToken) : settings.Texts;
            if (texts.Count == 0) throw new DataException("Standard input held no text to score (blank lines are skipped).");

            float[] probabilities = settings.Json || texts.Count <= ProgressFrom
                ? await scorer.ScoreAsync(texts, scored: null, cancellationToken)
                : await ScoreWithProgressAsync(scorer, texts, cancellationToken);
            var predictions = texts.Select((text, i) => new Prediction(text, LabelOf(probabilities[i], settings.Threshold), probabilities[i])).ToList();

            if (settings.Json) WriteJsonLines(console.Profile.Out.Writer, predictions);
            else console.Write(Table(scorer.Description, settings.Threshold, predictions));
            return 0;
        }
    }

    /// <summary>The graph's rule: above the threshold is positive.</summary>
    public static string LabelOf(float probability, double threshold) =>
        probability > threshold ? ServingContract.PositiveLabel : ServingContract.NegativeLabel;

    /// <summary>The arguments in order, each "-" replaced by the non-blank lines of <paramref name="input"/> (read once).</summary>
    internal static async Task<IReadOnlyList<string>> ExpandStandardInputAsync(IReadOnlyList<string> arguments, TextReader input, CancellationToken cancellationToken)
    {
        var lines = new List<string>();
        while (await input.ReadLineAsync(cancellationToken) is { } line)
        {
            if (!string.IsNullOrWhiteSpace(line)) lines.Add(line);
        }
        if (arguments.Count == 0) return lines;

        var texts = new List<string>();
        bool used = false;
        foreach (string argument in arguments)
        {
            if (argument != PredictSettings.StandardInput)
            {
                texts.Add(argument);
            }
            else if (!used)
            {
                texts.AddRange(lines);
                used = true;
            }
        }
        return texts;
    }

    private async Task<float[]> ScoreWithProgressAsync(IModelScorer scorer, IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        float[] probabilities = [];
        await console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async display =>
            {
                var task = display.AddTask("Scoring", maxValue: texts.Count);
                probabilities = await scorer.ScoreAsync(texts, new SynchronousProgress<int>(count => task.Value = count), cancellationToken);
            });
        return probabilities;
    }

    private static Table Table(string model, double threshold, IReadOnlyList<Prediction> predictions)
    {
        var table = new Table()
            .Title(Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"{model}, threshold {threshold}")))
            .AddColumn("Text")
            .AddColumn("Label")
            .AddColumn(new TableColumn("Probability").RightAligned());
        foreach (var prediction in predictions)
        {
            string color = prediction.Label == ServingContract.PositiveLabel ? "green" : "red";
            table.AddRow(
                Markup.Escape(prediction.Text),
                $"[{color}]{prediction.Label}[/]",
                prediction.Probability.ToString("F4", CultureInfo.InvariantCulture));
        }
        return table;
    }

    /// <summary>One compact JSON object per line: {"text": …, "label": "positive"|"negative", "probability": 0.97}.</summary>
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
                json.WriteEndObject();
            }
            output.WriteLine(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
        }
        output.Flush();
    }
}
