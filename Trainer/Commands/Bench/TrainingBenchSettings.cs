using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace TwitterSentiment.Trainer.Commands.Bench;

/// <summary>The options of `trainer bench` (real training runs, compared).</summary>
public sealed class TrainingBenchSettings : CommandSettings
{
    public const int DefaultEpochs = 2;
    public const int DefaultRounds = 2;
    public const string DefaultWaitPolicies = "unset,passive";

    [CommandOption("--data <PATH>")]
    [Description("CSV to train on, as train's --data (repeatable). Default: train's default data.")]
    public string[] Data { get; init; } = [];

    [CommandOption("--epochs <N>")]
    [Description("Epochs per run (train's --epochs).")]
    [DefaultValue(DefaultEpochs)]
    public int Epochs { get; init; } = DefaultEpochs;

    [CommandOption("--rounds <N>")]
    [Description("Rounds: each runs every trainer under every wait policy once, in turn, so all see the same machine load.")]
    [DefaultValue(DefaultRounds)]
    public int Rounds { get; init; } = DefaultRounds;

    [CommandOption("--wait-policies <LIST>")]
    [Description("OMP_WAIT_POLICY values to run under, comma-separated: unset (the environment's default: spin, then sleep), passive, active.")]
    [DefaultValue(DefaultWaitPolicies)]
    public string WaitPolicies { get; init; } = DefaultWaitPolicies;

    [CommandOption("--train-args <OPTIONS>")]
    [Description("More train options for every run, without their dashes, values after = (e.g. \"seed=7 lexicon=none\").")]
    public string? TrainArgs { get; init; }

    [CommandOption("--variant <OPTIONS>")]
    [Description("Also run this build with these train options added, written as for --train-args (e.g. \"threads=1\"); repeat for several.")]
    public string[] Variants { get; init; } = [];

    [CommandOption("--baseline <PATH>")]
    [Description("Also run another build of the trainer (its TwitterSentiment.Trainer executable or .dll), e.g. main's, with the same options: old and new side by side.")]
    public string? Baseline { get; init; }

    /// <summary>The wait policies, lower-case, in the given order.</summary>
    public IReadOnlyList<string> Policies => [.. WaitPolicies.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(policy => policy.ToLowerInvariant())];

    public override ValidationResult Validate()
    {
        string? problem =
            OptionFiles.Problem("--data", Data) is { } data ? data
            : Epochs is < 1 or > 1000 ? $"--epochs must be between 1 and 1000 (got {Epochs})."
            : Rounds is < 1 or > 100 ? $"--rounds must be between 1 and 100 (got {Rounds})."
            : Policies.Count == 0 || Policies.Any(policy => policy is not ("unset" or "passive" or "active"))
                ? $"--wait-policies must list unset, passive or active (got \"{WaitPolicies}\")."
            : OptionFiles.Problem("--baseline", [Baseline]);
        return problem is null ? ValidationResult.Success() : ValidationResult.Error(problem);
    }
}
