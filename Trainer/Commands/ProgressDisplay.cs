using Spectre.Console;
using TwitterSentiment.Trainer.Data;

namespace TwitterSentiment.Trainer.Commands;

/// <summary>
/// Progress for people, in one place. On a terminal: Spectre's live bars with the given columns. When the output is
/// redirected (a log file, CI): plain lines — a task without a known size once when it starts, a task with one at
/// 25, 50, 75 and 100 % — so a log holds each line once (Spectre's own fallback repeats finished tasks).
/// </summary>
public static class ProgressDisplay
{
    /// <summary>Bars with elapsed and remaining time, removed when done: training, evaluation, scoring.</summary>
    public static ProgressColumn[] RunColumns() =>
        [new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn()];

    /// <summary>Bars for downloads and file work: bytes, speed, time left; they stay when done.</summary>
    public static ProgressColumn[] TransferColumns() =>
    [
        new TaskDescriptionColumn(),
        new ProgressBarColumn(),
        new PercentageColumn(),
        new DownloadedColumn(),
        new TransferSpeedColumn(),
        new RemainingTimeColumn(),
        new SpinnerColumn(),
    ];

    /// <summary>Byte counts as <paramref name="task"/>'s progress (without a size until the total is known).</summary>
    public static IProgress<DownloadProgress> BytesTo(IProgressLine task) =>
        new SynchronousProgress<DownloadProgress>(report => task.Report(report.BytesReceived, report.TotalBytes is > 0 ? report.TotalBytes : null));

    /// <param name="clear">Remove the bars when the work is done (they stay otherwise, as after a download).</param>
    public static Task<T> StartAsync<T>(IAnsiConsole console, ProgressColumn[] columns, bool clear, Func<IProgressView, Task<T>> work)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(work);
        if (!console.Profile.Capabilities.Interactive)
            return work(new PlainProgressView(console));
        return console.Progress()
            .AutoClear(clear)
            .HideCompleted(clear)
            .Columns(columns)
            .StartAsync(context => work(new LiveProgressView(context)));
    }

    private sealed class LiveProgressView(ProgressContext context) : IProgressView
    {
        public IProgressLine AddTask(string description, double? maxValue = null)
        {
            var task = context.AddTask(description, maxValue: maxValue ?? 100);
            task.IsIndeterminate = maxValue is null;
            return new LiveProgressLine(task);
        }
    }

    private sealed class LiveProgressLine(ProgressTask task) : IProgressLine
    {
        public string Description { get => task.Description; set => task.Description = value; }

        public void Report(double value, double? maxValue = null)
        {
            if (maxValue is { } max)
            {
                task.IsIndeterminate = false;
                task.MaxValue = max;
            }
            task.Value = Math.Min(value, task.MaxValue);
        }

        public void Finish() => task.StopTask();
    }

    private sealed class PlainProgressView(IAnsiConsole console) : IProgressView
    {
        private readonly Lock _gate = new();

        public IProgressLine AddTask(string description, double? maxValue = null)
        {
            if (maxValue is null) Print($"{description}…");
            return new PlainProgressLine(this, description, maxValue);
        }

        public void Print(string markup)
        {
            lock (_gate) console.MarkupLine(markup);
        }
    }

    private sealed class PlainProgressLine(PlainProgressView view, string description, double? maxValue) : IProgressLine
    {
        private const int Step = 25;
        private double? _maxValue = maxValue;
        private int _printed;
        private bool _stopped;

        public string Description { get; set; } = description;

        public void Report(double value, double? maxValue = null)
        {
            _maxValue = maxValue ?? _maxValue;
            if (_stopped || _maxValue is not > 0) return;
            int reached = (int)(Math.Clamp(value / _maxValue.Value, 0, 1) * 100) / Step * Step;
            if (reached <= _printed) return;
            _printed = reached;
            view.Print(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Description}: {reached}%"));
        }

        public void Finish() => _stopped = true;
    }
}
