namespace TwitterSentiment.Trainer.Commands;

/// <summary>The progress tasks of one <see cref="ProgressDisplay"/>.</summary>
public interface IProgressView
{
    /// <param name="description">Markup.</param>
    /// <param name="maxValue">The size of the work; null while it is unknown (a spinner, or one line when redirected).</param>
    IProgressLine AddTask(string description, double? maxValue = null);
}
