using System.Diagnostics;
using System.Globalization;

namespace TwitterSentiment.Trainer.Commands.Bench;

/// <summary>
/// One `train` run of a bench, in its own process (libgomp reads OMP_WAIT_POLICY once, when libtorch loads, so a
/// policy can only be compared across processes), with its checkpoint, export and MLflow store in a folder of its own;
/// what it measured is read back from that store's per-epoch metrics, which old builds log too.
/// </summary>
internal static class BenchProcess
{
    private const string WaitPolicyVariable = "OMP_WAIT_POLICY";

    /// <param name="policy">unset (removed from the environment), passive or active.</param>
    /// <exception cref="IOException">The run failed; the message names its log.</exception>
    public static BenchRun Run(int round, TrainerBuild build, IReadOnlyList<string> trainArguments, string policy, string folder, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder);
        string store = Path.Combine(folder, "mlruns");
        var start = new ProcessStartInfo(build.FileName) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in build.LeadingArguments) start.ArgumentList.Add(argument);
        foreach (string argument in (string[])["train", "--checkpoint-dir", Path.Combine(folder, "checkpoints"), "--export-dir", Path.Combine(folder, "models"), "--tracking-uri", store, "--run-name", "bench"])
            start.ArgumentList.Add(argument);
        foreach (string argument in trainArguments) start.ArgumentList.Add(argument);
        if (policy == "unset") start.Environment.Remove(WaitPolicyVariable);
        else start.Environment[WaitPolicyVariable] = policy.ToUpperInvariant();

        double? loadBefore = LoadAverage();
        string log = Path.Combine(folder, "train.log");
        int exitCode = RunToEnd(start, log, cancellationToken);
        double? loadAfter = LoadAverage();
        if (exitCode != 0)
            throw new IOException($"{build.Name} under OMP_WAIT_POLICY={policy} exited with {exitCode}; its output is in {log}.");
        return Read(round, build.Name, policy, loadBefore, loadAfter, store);
    }

    private static int RunToEnd(ProcessStartInfo start, string log, CancellationToken cancellationToken)
    {
        using var process = Process.Start(start) ?? throw new IOException($"{start.FileName} did not start.");
        using var output = new StreamWriter(log);
        object lines = new();
        void Write(object _, DataReceivedEventArgs line)
        {
            lock (lines) output.WriteLine(line.Data);
        }
        process.OutputDataReceived += Write;
        process.ErrorDataReceived += Write;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using (cancellationToken.Register(() => process.Kill(entireProcessTree: true)))
            process.WaitForExit();
        cancellationToken.ThrowIfCancellationRequested();
        return process.ExitCode;
    }

    /// <summary>The run's per-epoch metrics from its MLflow file store (step = epoch).</summary>
    private static BenchRun Read(int round, string trainer, string policy, double? loadBefore, double? loadAfter, string store)
    {
        string metrics = Directory.EnumerateDirectories(store, "metrics", SearchOption.AllDirectories)
            .FirstOrDefault(folder => File.Exists(Path.Combine(folder, "sequences_per_second")))
            ?? throw new IOException($"{trainer} logged no sequences_per_second metric in {store}.");
        var rates = ReadMetric(metrics, "sequences_per_second")!;
        var seconds = ReadMetric(metrics, "epoch_seconds") ?? throw new IOException($"{trainer} logged no epoch_seconds metric in {store}.");
        var validation = ReadMetric(metrics, "validation_seconds");
        var cpu = ReadMetric(metrics, "training_cpu_seconds");
        List<EpochFigures> epochs = [.. rates.Select(rate => new EpochFigures(rate.Value, seconds[rate.Key], Value(validation, rate.Key), Value(cpu, rate.Key)))];

        StepMilliseconds? steps = null;
        string[] phases = ["data", "forward", "backward", "optimizer", "metrics"];
        var byPhase = phases.Select(phase => ReadMetric(metrics, $"step_{phase}_ms")).ToList();
        if (byPhase.All(values => values is { Count: > 0 }))
        {
            double[] mean = [.. byPhase.Select(values => values!.Values.Average())];
            steps = new StepMilliseconds(mean[0], mean[1], mean[2], mean[3], mean[4]);
        }
        string parameters = Path.Combine(Path.GetDirectoryName(metrics)!, "params");
        string policyParam = Path.Combine(parameters, "omp_wait_policy_in_effect");
        return new BenchRun(round, trainer, policy, loadBefore, loadAfter, epochs, steps, ReadParam(parameters, "train_rows"), ReadParam(parameters, "validation_rows"),
            File.Exists(policyParam) ? File.ReadAllText(policyParam).Trim() : null);
    }

    private static int ReadParam(string folder, string name) =>
        int.Parse(File.ReadAllText(Path.Combine(folder, name)).Trim(), CultureInfo.InvariantCulture);

    private static double? Value(SortedDictionary<int, double>? metric, int step) =>
        metric is not null && metric.TryGetValue(step, out double value) ? value : null;

    /// <summary>A metric's values by step, or null when the run did not log it.</summary>
    private static SortedDictionary<int, double>? ReadMetric(string folder, string name)
    {
        string path = Path.Combine(folder, name);
        if (!File.Exists(path)) return null;
        var values = new SortedDictionary<int, double>();
        foreach (string line in File.ReadLines(path))
        {
            string[] fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 3) continue;
            values[int.Parse(fields[2], CultureInfo.InvariantCulture)] = double.Parse(fields[1], CultureInfo.InvariantCulture);
        }
        return values;
    }

    /// <summary>The 1-minute load average, where the system reports one.</summary>
    public static double? LoadAverage() =>
        File.Exists("/proc/loadavg") ? double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture) : null;
}
