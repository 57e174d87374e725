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
        var chosen = tooLate ? OmpWaitPolicy.Environment : policy == OmpWaitPolicy.Auto ? AutoPolicy(count) : policy;
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
        return new ThreadSettings(count, effective, SetByTrainer: chosen != OmpWaitPolicy.Environment);
    }

    /// <summary>
    /// Intra-op threads when none are asked for: 2, or 1 on a single core. Measured on 2 cores only (see
    /// docs/experiments.md); on more cores `trainer bench --variant threads=4` says whether more help. The thread
    /// count changes the float rounding of some reductions, so a seed reproduces its weights at a given count.
    /// </summary>
    public static int AutoThreads(int cores) => Math.Clamp(cores, 1, 2);

    /// <summary>
    /// The wait policy when none is asked for, whatever OMP_WAIT_POLICY says: spin (libgomp's default) if the machine
    /// has <paramref name="threads"/> idle cores when training starts, else passive. Measured on 2 cores: on idle
    /// cores spinning trains about twice as fast as passive; when other processes need the cores it collapses (5–20×
    /// slower than passive). One thread never waits for another, so it gets passive without looking.
    /// </summary>
    public static OmpWaitPolicy AutoPolicy(int threads) =>
        threads > 1 && IdleCores(TimeSpan.FromMilliseconds(300)) >= threads - 0.1 ? OmpWaitPolicy.Spin : OmpWaitPolicy.Passive;

    /// <summary>How many cores' worth of CPU time went unused over <paramref name="sample"/> (from /proc/stat); 0 where unknown.</summary>
    public static double IdleCores(TimeSpan sample)
    {
        const string stat = "/proc/stat";
        if (!File.Exists(stat)) return 0;
        var (idleBefore, totalBefore) = CpuTimes(stat);
        Thread.Sleep(sample);
        var (idleAfter, totalAfter) = CpuTimes(stat);
        return totalAfter == totalBefore ? 0 : (double)(idleAfter - idleBefore) / (totalAfter - totalBefore) * Environment.ProcessorCount;
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
public sealed record ThreadSettings(int Threads, string WaitPolicy, bool SetByTrainer);
