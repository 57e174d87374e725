namespace TwitterSentiment.Trainer.Commands;

/// <summary>One task: report how far it got, stop it when done.</summary>
public interface IProgressLine
{
    /// <summary>Markup; may change as the task goes (e.g. sequences per second).</summary>
    string Description { get; set; }

    /// <param name="maxValue">The size of the work, once known (or when it changes).</param>
    void Report(double value, double? maxValue = null);

    void Finish();
}
