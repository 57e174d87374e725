namespace TwitterSentiment.Trainer.Runs;

/// <summary>What <see cref="CheckpointFolder.Claim"/> does when the name is taken.</summary>
public enum CheckpointClaim
{
    /// <summary>Refuse (a name the user chose).</summary>
    Exact,

    /// <summary>Take the first free of name-2, name-3, … (a name from the clock).</summary>
    Numbered,

    /// <summary>Take it even if it holds a finished checkpoint, which is replaced once the new one is written (--overwrite).</summary>
    Replace,
}
