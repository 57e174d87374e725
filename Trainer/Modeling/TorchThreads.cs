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
        var chosen = policy == OmpWaitPolicy.Auto ? AutoPolicy() : policy;
        bool tooLate = chosen != OmpWaitPolicy.Environment && OpenMpLoaded();
        if (!tooLate && chosen is OmpWaitPolicy.Passive or OmpWaitPolicy.Active)
        {
            SetNative(WaitPolicyVariable, chosen.ToString().ToUpperInvariant());
            SetNative(SpinCountVariable, null); // libgomp lets it override the policy
        }
        torch.set_num_threads(count);
        string effective = tooLate || chosen == OmpWaitPolicy.Environment
            ? Environment.GetEnvironmentVariable(WaitPolicyVariable) is { Length: > 0 } inherited ? inherited.ToLowerInvariant() : "unset"
            : chosen.ToString().ToLowerInvariant();
        return new ThreadSettings(count, effective, SetByTrainer: !tooLate && chosen != OmpWaitPolicy.Environment);
    }

    /// <summary>
    /// Intra-op threads when none are asked for: 2, or 1 on a single core. Measured on 2 cores only (see
    /// docs/experiments.md); on more cores `trainer bench --variant threads=4` says whether more help.
    /// </summary>
    public static int AutoThreads(int cores) => Math.Clamp(cores, 1, 2);

    /// <summary>
    /// The wait policy when none is asked for: what the environment sets, if it sets OMP_WAIT_POLICY or GOMP_SPINCOUNT;
    /// else passive. libgomp's own default (spin a while, then sleep) collapses when other processes need the
    /// cores (measured: 5–20× slower than passive on a shared machine), and spinning gains little once a step has
    /// few large ops (see docs/experiments.md).
    /// </summary>
    public static OmpWaitPolicy AutoPolicy() =>
        Environment.GetEnvironmentVariable(WaitPolicyVariable) is { Length: > 0 } || Environment.GetEnvironmentVariable(SpinCountVariable) is { Length: > 0 }
            ? OmpWaitPolicy.Environment
            : OmpWaitPolicy.Passive;

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
