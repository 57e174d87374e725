namespace TwitterSentiment.Trainer.Modeling;

/// <summary>How libtorch's idle OpenMP threads wait for the next op (libgomp's <c>OMP_WAIT_POLICY</c>).</summary>
public enum OmpWaitPolicy
{
    /// <summary>The trainer's choice for the machine (see <see cref="TorchThreads"/>).</summary>
    Auto,

    /// <summary>Sleep at once: frees the core for other processes, but every parallel op pays for waking them.</summary>
    Passive,

    /// <summary>Spin until the next op: fastest on cores of its own, ruinous when other processes need them.</summary>
    Active,

    /// <summary>Leave it to the environment (OMP_WAIT_POLICY, GOMP_SPINCOUNT; unset: spin a while, then sleep).</summary>
    Environment,
}
