using System.Globalization;

namespace TwitterSentiment.Serving.Tests.Infrastructure;

/// <summary>
/// What Linux says about a running process (/proc/&lt;pid&gt;): its resident memory and the CPU time it has used.
/// Tests that need it are ignored, with the reason, where /proc is not there.
/// </summary>
internal static class ProcessStats
{
    /// <summary>Clock ticks per second of /proc/&lt;pid&gt;/stat's times (USER_HZ, 100 on every Linux port).</summary>
    private const double TicksPerSecond = 100;

    public static void RequireProcFileSystem()
    {
        if (!File.Exists("/proc/self/status"))
        {
            Assert.Ignore("Reading a process's memory and CPU time needs Linux's /proc.");
        }
    }

    /// <summary>VmRSS (resident set size) in MiB.</summary>
    public static double ResidentMiB(int pid)
    {
        string line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
    }

    /// <summary>User plus system CPU time so far, in seconds.</summary>
    public static double CpuSeconds(int pid)
    {
        string stat = File.ReadAllText($"/proc/{pid}/stat");
        // The command name (field 2) may hold spaces; the fields after its closing parenthesis are fixed.
        string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
    }

    /// <summary>
    /// Returns once the process has used <paramref name="seconds"/> of CPU time beyond <paramref name="since"/> (a
    /// <see cref="CpuSeconds"/> reading): work it was given has demonstrably started, however loaded the machine is.
    /// </summary>
    public static Task WaitForCpuAsync(int pid, double since, double seconds, TimeSpan timeout, CancellationToken cancellationToken) =>
        Poll.UntilAsync(() => CpuSeconds(pid) - since >= seconds, timeout, () => $"process {pid} to use {seconds} s of CPU (it used {CpuSeconds(pid) - since:F2} s)", cancellationToken);

    /// <summary>Samples the resident memory every 50 ms until disposed; <see cref="MemorySampler.PeakMiB"/> is the highest seen.</summary>
    public static MemorySampler SampleMemory(int pid) => new(pid);

    internal sealed class MemorySampler : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _sampling;
        private double _peak;

        public MemorySampler(int pid)
        {
            _sampling = Task.Run(async () =>
            {
                while (!_stop.IsCancellationRequested && File.Exists($"/proc/{pid}/status"))
                {
                    try
                    {
                        _peak = Math.Max(_peak, ResidentMiB(pid));
                    }
                    catch (Exception e) when (e is IOException or InvalidOperationException)
                    {
                        return; // the process ended between the check and the read
                    }

                    await Task.Delay(TimeSpan.FromMilliseconds(50), CancellationToken.None);
                }
            });
        }

        public double PeakMiB => _peak;

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _sampling;
            _stop.Dispose();
        }
    }
}
