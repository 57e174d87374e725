using System.Diagnostics;
using System.Runtime.InteropServices;
using TorchSharp;

namespace TwitterSentiment.Trainer.Modeling;

/// <summary>
/// libtorch's CPU threads, set by the trainer: how many threads share one op (<c>torch.set_num_threads</c>) and how
/// the idle ones wait for the next op (<see cref="OmpWaitPolicy"/>). libgomp, libtorch's OpenMP runtime, reads
/// <c>OMP_WAIT_POLICY</c> from the native environment once, when libtorch loads; on Unix .NET's
/// <see cref="Environment.SetEnvironmentVariable(string, string)"/> changes only .NET's own copy of the environment,
/// so the policy is written with libc's <c>setenv</c>, and only before the process's first torch call.
/// </summary>
public static partial class TorchThreads
{
    private const string WaitPolicyVariable = "OMP_WAIT_POLICY";
    private const string SpinCountVariable = "GOMP_SPINCOUNT";

    /// <summary>
    /// Sets the threads and, if libtorch has not loaded yet, the wait policy (null threads and
    /// <see cref="OmpWaitPolicy.Auto"/>: the choice for this machine). Call before any other torch call.
    /// </summary>
    /// <returns>What is in effect.</returns>
    public static ThreadSettings Apply(int? threads, OmpWaitPolicy policy)
    {
        int count = threads ?? AutoThreads(Environment.ProcessorCount);
        bool tooLate = policy != OmpWaitPolicy.Environment && OpenMpLoaded();
        bool look = !tooLate && policy == OmpWaitPolicy.Auto && count > 1;
        double? freeCores = look ? FreeCores(TimeSpan.FromMilliseconds(300)) : null;
        double? pressure = look ? CpuPressure() : null;
        var chosen = tooLate ? OmpWaitPolicy.Environment : policy == OmpWaitPolicy.Auto ? AutoPolicy(count, freeCores ?? 0, pressure) : policy;
        switch (chosen)
        {
            case OmpWaitPolicy.Passive or OmpWaitPolicy.Active:
                SetNative(WaitPolicyVariable, chosen.ToString().ToUpperInvariant());
                SetNative(SpinCountVariable, null); // libgomp lets it override the policy
                break;
            case OmpWaitPolicy.Spin:
                SetNative(WaitPolicyVariable, null);
                SetNative(SpinCountVariable, null);
                break;
        }
        torch.set_num_threads(count);
        string effective = chosen == OmpWaitPolicy.Environment
            ? Environment.GetEnvironmentVariable(WaitPolicyVariable) is { Length: > 0 } inherited ? inherited.ToLowerInvariant() : "unset"
            : chosen.ToString().ToLowerInvariant();
        return new ThreadSettings(count, effective, SetByTrainer: chosen != OmpWaitPolicy.Environment) { FreeCores = freeCores, CpuPressure = pressure };
    }

    /// <summary>
    /// Intra-op threads when none are asked for: 2, or 1 on a single core. Measured on 2 cores only (see
    /// docs/experiments.md); on more cores `trainer bench --variant threads=4` says whether more help. The thread
    /// count changes the float rounding of some reductions, so a seed reproduces its weights at a given count.
    /// </summary>
    public static int AutoThreads(int cores) => Math.Clamp(cores, 1, 2);

    /// <summary>
    /// The wait policy when none is asked for, whatever OMP_WAIT_POLICY says: spin (libgomp's default) if other
    /// processes leave <paramref name="threads"/> cores free when training starts (<paramref name="freeCores"/>, within a
    /// quarter core) and have not been queueing for CPUs lately (<paramref name="cpuPressure"/>), else passive. Measured on
    /// 2 cores (docs/experiments.md): spinning on free cores reached about twice the rate passive threads reach on a
    /// shared machine; when other processes need the cores it collapses (5–20× slower than passive). One thread never
    /// waits for another, so it gets passive without looking.
    /// </summary>
    public static OmpWaitPolicy AutoPolicy(int threads, double freeCores, double? cpuPressure) =>
        threads > 1 && freeCores >= threads - 0.25 && (cpuPressure ?? 0) < MaxPressureToSpin ? OmpWaitPolicy.Spin : OmpWaitPolicy.Passive;

    /// <summary>Above this share of the last 10 s with some task waiting for a CPU, the machine is shared: no spinning.</summary>
    public const double MaxPressureToSpin = 0.1;

    /// <summary>
    /// The share of the last 10 seconds in which some task waited for a CPU (Linux's pressure stall information,
    /// /proc/pressure/cpu "some avg10"): busy machines go quiet for a moment, their pressure stays. Null where unknown.
    /// </summary>
    public static double? CpuPressure()
    {
        const string pressure = "/proc/pressure/cpu";
        try
        {
            string? some = File.Exists(pressure) ? File.ReadLines(pressure).FirstOrDefault(line => line.StartsWith("some ", StringComparison.Ordinal)) : null;
            string? average = some?.Split(' ').FirstOrDefault(field => field.StartsWith("avg10=", StringComparison.Ordinal));
            return average is null ? null : double.Parse(average["avg10=".Length..], System.Globalization.CultureInfo.InvariantCulture) / 100;
        }
        catch (IOException)
        {
            return null; // present but not enabled in this kernel
        }
    }

    /// <summary>
    /// How many cores' worth of CPU time other processes left unused over <paramref name="sample"/> (from /proc/stat;
    /// this process's own use, such as the runtime's start-up work, counts as free); 0 where unknown.
    /// </summary>
    public static double FreeCores(TimeSpan sample)
    {
        const string stat = "/proc/stat";
        if (!File.Exists(stat)) return 0;
        var (idleBefore, totalBefore) = CpuTimes(stat);
        var ownBefore = Environment.CpuUsage.TotalTime;
        long clock = Stopwatch.GetTimestamp();
        Thread.Sleep(sample);
        var (idleAfter, totalAfter) = CpuTimes(stat);
        double ownCores = (Environment.CpuUsage.TotalTime - ownBefore) / Stopwatch.GetElapsedTime(clock);
        if (totalAfter == totalBefore) return 0;
        double idleCores = (double)(idleAfter - idleBefore) / (totalAfter - totalBefore) * Environment.ProcessorCount;
        return Math.Min(Environment.ProcessorCount, idleCores + ownCores);
    }

    /// <summary>The machine's idle (idle + iowait) and total CPU ticks: the first line of /proc/stat.</summary>
    private static (long Idle, long Total) CpuTimes(string stat)
    {
        long[] ticks = [.. File.ReadLines(stat).First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(long.Parse)];
        return (ticks[3] + ticks[4], ticks.Take(8).Sum());
    }

    /// <summary>Whether an OpenMP runtime (libgomp, Intel's or LLVM's) is loaded in this process already.</summary>
    public static bool OpenMpLoaded()
    {
        using var process = Process.GetCurrentProcess();
        return process.Modules.Cast<ProcessModule>().Any(module =>
            module.ModuleName.Contains("gomp", StringComparison.OrdinalIgnoreCase)
            || module.ModuleName.Contains("iomp", StringComparison.OrdinalIgnoreCase)
            || module.ModuleName.StartsWith("libomp", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Sets (null: removes) a variable in .NET's environment and, on Unix, in the C library's, where native code reads it.</summary>
    internal static void SetNative(string name, string? value)
    {
        Environment.SetEnvironmentVariable(name, value);
        if (OperatingSystem.IsWindows()) return;
        if ((value is null ? UnsetEnv(name) : SetEnv(name, value, overwrite: 1)) != 0)
            throw new InvalidOperationException($"setenv({name}) failed.");
    }

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetEnv(string name, string value, int overwrite);

    [LibraryImport("libc", EntryPoint = "unsetenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int UnsetEnv(string name);
}

/// <summary>libtorch's threads as a run uses them.</summary>
/// <param name="Threads">Intra-op threads.</param>
/// <param name="WaitPolicy">OMP_WAIT_POLICY in effect: passive, active, or unset (libgomp's default: spin a while, then sleep).</param>
/// <param name="SetByTrainer">Whether the trainer set the policy (false: as the environment had it when libtorch loaded).</param>
public sealed record ThreadSettings(int Threads, string WaitPolicy, bool SetByTrainer)
{
    /// <summary>The cores other processes left free when the trainer chose the policy (auto with several threads); else null.</summary>
    public double? FreeCores { get; init; }

    /// <summary>The CPU pressure (share of the last 10 s) when the trainer chose the policy; null if not looked at or unknown.</summary>
    public double? CpuPressure { get; init; }

    /// <summary>For the console: "2 thread(s), OMP wait policy spin (auto: 1.9 of 2 cores free)".</summary>
    public string Describe(int cores) =>
        $"{Threads} thread(s), OMP wait policy {WaitPolicy}"
        + (!SetByTrainer ? " (from the environment)"
            : FreeCores is { } free ? FormattableString.Invariant($" (auto: {free:F1} of {cores} cores free{(CpuPressure is { } pressure ? $", CPU pressure {pressure:P0}" : "")})")
            : "");
}
