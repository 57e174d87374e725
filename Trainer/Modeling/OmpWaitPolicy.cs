namespace TwitterSentiment.Trainer.Modeling;

/// <summary>How libtorch's idle OpenMP threads wait for the next op (libgomp's <c>OMP_WAIT_POLICY</c>).</summary>
public enum OmpWaitPolicy
{
    /// <summary>The trainer's choice for the machine: spin while the cores are idle when training starts, else passive (see <see cref="TorchThreads"/>).</summary>
    Auto,

    /// <summary>Sleep at once: frees the core for other processes, but every parallel op pays for waking them.</summary>
    Passive,

    /// <summary>libgomp's own default: spin a while (GOMP_SPINCOUNT 300,000), then sleep.</summary>
    Spin,

    /// <summary>Spin until the next op: fastest on cores of its own, ruinous when other processes need them.</summary>
    Active,

    /// <summary>Leave it to the environment (OMP_WAIT_POLICY, GOMP_SPINCOUNT; unset: spin a while, then sleep).</summary>
    Environment,
}
