using System.Globalization;
using Spectre.Console;
using Spectre.Console.Cli;

namespace TwitterSentiment.Trainer.Commands.Bench;

/// <summary>
/// `trainer bench`: real training, measured where users meet it. Every run is a whole `train` process (the default
/// model and vocabulary, the lexicon when it is downloaded, the optimizer's step, the validation pass timed apart),
/// under each OMP wait policy, for this build, its variants and optionally an older build, taking turns round by
/// round so that all of them see the same machine load. It prints each run, then per build and policy the training
/// rate and where a step's time goes (data, forward, backward, optimizer, metrics), so the next change can be chosen
/// by numbers. Numbers, not assertions: say what else was running when you quote them (the load average is printed).
/// </summary>
public sealed class TrainingBenchCommand(IAnsiConsole console) : Command<TrainingBenchSettings>
{
    private const string BaselineName = "baseline";

    public override int Execute(CommandContext context, TrainingBenchSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var builds = Builds(settings);
        var folder = Directory.CreateTempSubdirectory("trainer-bench-");
        bool failed = true;
        try
        {
            var runs = new List<BenchRun>();
            int index = 0;
            for (int round = 1; round <= settings.Rounds; round++)
            {
                foreach (var (build, arguments) in builds)
                {
                    foreach (string policy in settings.Policies)
                    {
                        console.MarkupLine(Invariant($"Round {round}/{settings.Rounds}: {ConsoleText.Markup(build.Name)}, OMP_WAIT_POLICY={policy}…"));
                        runs.Add(BenchProcess.Run(round, build, arguments, policy, Path.Combine(folder.FullName, $"run-{++index}"), cancellationToken));
                    }
                }
            }
            // Markdown tables, to paste into the docs: not wrapped at a redirected console's 80 columns.
            if (!console.Profile.Out.IsTerminal) console.Profile.Width = Math.Max(console.Profile.Width, 320);
            WriteRuns(runs);
            WriteSummary(runs, builds[^1].Build.Name == BaselineName ? BaselineName : builds[0].Build.Name);
            failed = false;
            return 0;
        }
        finally
        {
            if (failed) console.MarkupLine($"The runs' folders are kept in {ConsoleText.Markup(folder.FullName)}.");
            else folder.Delete(recursive: true);
        }
    }

    /// <summary>This build, its variants, then the baseline; each with the train options it runs with.</summary>
    private static List<(TrainerBuild Build, IReadOnlyList<string> Arguments)> Builds(TrainingBenchSettings settings)
    {
        List<string> common = ["--epochs", settings.Epochs.ToString(CultureInfo.InvariantCulture)];
        foreach (string path in settings.Data) common.AddRange(["--data", Path.GetFullPath(path)]);
        common.AddRange(Split(settings.TrainArgs ?? ""));

        var builds = new List<(TrainerBuild, IReadOnlyList<string>)> { (TrainerBuild.Current("this build"), common) };
        foreach (string variant in settings.Variants)
            builds.Add((TrainerBuild.Current($"this build, {string.Join(' ', Split(variant))}"), [.. common, .. Split(variant)]));
        if (settings.Baseline is { } baseline) builds.Add((TrainerBuild.At(BaselineName, baseline), common));
        return builds;
    }

    /// <summary>"threads=1 dense-embedding-updates" → --threads 1 --dense-embedding-updates (a value cannot start with --).</summary>
    internal static IEnumerable<string> Split(string options)
    {
        foreach (string option in options.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] parts = option.TrimStart('-').Split('=', 2);
            yield return "--" + parts[0];
            if (parts.Length == 2) yield return parts[1];
        }
    }

    private void WriteRuns(List<BenchRun> runs)
    {
        var table = new Table().Border(TableBorder.Markdown).Title("Runs")
            .AddColumns("Round", "Trainer", "OMP_WAIT_POLICY", "policy in effect", "Load before → after", "Training seq/s by epoch", "Training CPU s by epoch", "Validation s by epoch");
        foreach (var run in runs)
        {
            table.AddRow(
                Invariant($"{run.Round}"),
                ConsoleText.Markup(run.Trainer),
                run.WaitPolicy,
                run.PolicyInEffect ?? "—",
                Invariant($"{Load(run.LoadBefore)} → {Load(run.LoadAfter)}"),
                string.Join(" / ", run.Epochs.Select(epoch => Invariant($"{epoch.SequencesPerSecond:N0}"))),
                string.Join(" / ", run.Epochs.Select(epoch => Seconds(epoch.TrainingCpuSeconds))),
                string.Join(" / ", run.Epochs.Select(epoch => Seconds(epoch.ValidationSeconds))));
        }
        console.Write(table);
    }

    /// <summary>Per build and policy: the training rate of each round, the best against the baseline's (else the first build's), and a step's phases.</summary>
    private void WriteSummary(List<BenchRun> runs, string reference)
    {
        var table = new Table().Border(TableBorder.Markdown).Title("Training sequences/s (all epochs) and one step's milliseconds")
            .AddColumns("Trainer", "OMP_WAIT_POLICY", "seq/s by round", "best", $"best ÷ {ConsoleText.Markup(reference)}'s", "data", "forward", "backward", "optimizer", "metrics", "step", "CPU s/epoch", "epoch s", "1.6M epoch min");
        foreach (var group in runs.GroupBy(run => (run.Trainer, run.WaitPolicy)))
        {
            double best = group.Max(run => run.SequencesPerSecond);
            double referenceBest = runs.Where(run => run.Trainer == reference && run.WaitPolicy == group.Key.WaitPolicy).Max(run => run.SequencesPerSecond);
            var steps = group.Select(run => run.Steps).OfType<StepMilliseconds>().ToList();
            string Phase(Func<StepMilliseconds, double> phase) => steps.Count == 0 ? "—" : Invariant($"{steps.Average(phase):F2}");
            table.AddRow(
                ConsoleText.Markup(group.Key.Trainer),
                group.Key.WaitPolicy,
                string.Join(" / ", group.Select(run => Invariant($"{run.SequencesPerSecond:N0}"))),
                Invariant($"{best:N0}"),
                Invariant($"{best / referenceBest:F2}×"),
                Phase(step => step.Data),
                Phase(step => step.Forward),
                Phase(step => step.Backward),
                Phase(step => step.Optimizer),
                Phase(step => step.Metrics),
                Phase(step => step.Total),
                Seconds(MeanCpuSeconds(group)),
                Invariant($"{group.Average(run => run.EpochSeconds):F1}"),
                Invariant($"{group.Average(run => run.ProjectedFullEpochSeconds) / 60:F1}"));
        }
        console.Write(table);
        console.MarkupLine("Steps: mean milliseconds per training step over the rounds and epochs; CPU: the training steps' CPU seconds per epoch, all threads (— where a build does not report them); epoch: validation included, mean over the rounds; 1.6M: an epoch on Sentiment140's full file (1,280,000 training and 160,000 validation tweets) at the runs' mean rates. Load: the 1-minute load average.");
    }

    /// <summary>The training steps' CPU seconds per epoch, over the runs' epochs that report them.</summary>
    private static double? MeanCpuSeconds(IEnumerable<BenchRun> runs)
    {
        double[] seconds = [.. runs.SelectMany(run => run.Epochs).Select(epoch => epoch.TrainingCpuSeconds).OfType<double>()];
        return seconds.Length == 0 ? null : seconds.Average();
    }

    private static string Seconds(double? seconds) => seconds is { } value ? Invariant($"{value:F2}") : "—";

    private static string Load(double? load) => load is { } value ? Invariant($"{value:F2}") : "n/a";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
