using System.Globalization;
using Spectre.Console;
using TwitterSentiment.Trainer.Modeling;

namespace TwitterSentiment.Trainer.Commands.Train;

/// <summary>
/// Shows a run live: data facts, a progress bar per epoch (sequences/s, ETA), then one line per epoch. Notices other
/// threads wrote to <paramref name="notices"/> (tracking's fall-backs and retries) are printed between those lines,
/// from the training thread, so they never tear the progress display.
/// </summary>
public sealed class ConsoleTrainingObserver(IAnsiConsole console, IProgressView display, HeldNotices? notices = null) : ITrainingObserver
{
    private IProgressLine? _epochTask;
    private IProgressLine? _loadingTask;
    private int _epochs;

    /// <summary>Shows a "Reading data" task: indeterminate until the reader reports bytes (files on disk), then a bar.</summary>
    public void ShowLoading() => _loadingTask = display.AddTask("Reading data");

    public void OnDataReadProgress(long bytesRead, long totalBytes) => _loadingTask?.Report(bytesRead, totalBytes);

    public void OnDataLoaded(DataFacts data)
    {
        _loadingTask?.Finish();
        ShowNotices();
        string source = data.Source == data.Description ? "" : $" ({ConsoleText.Markup(data.Source)})";
        console.MarkupLine(Invariant($"Data: [bold]{ConsoleText.Markup(data.Description)}[/]{source}, {ConsoleText.Markup(data.Format)} format"));
        foreach (var file in data.Files)
        {
            console.MarkupLine(Invariant($"      {ConsoleText.Markup(file.Source)} ({ConsoleText.Markup(file.Format)}): {file.RowsRead:N0} rows read, {file.Tweets:N0} tweets used, {file.NeutralSkipped:N0} neutral skipped, {file.MalformedRows:N0} malformed skipped"));
        }
        console.MarkupLine(Invariant($"      {(data.Files.Count > 0 ? "In all: " : "")}{data.RowsRead:N0} rows read, {data.Tweets:N0} tweets used, {data.NeutralSkipped:N0} neutral skipped, {data.MalformedRows:N0} malformed skipped"));
        foreach (string row in data.FirstMalformed)
        {
            console.MarkupLine($"      [yellow]malformed[/] {ConsoleText.Markup(row)}");
        }
        if (data.MalformedRows > data.FirstMalformed.Count)
        {
            console.MarkupLine(Invariant($"      [yellow]… and {data.MalformedRows - data.FirstMalformed.Count:N0} more malformed rows[/]"));
        }
    }

    public void OnTrainingStarted(TrainingSetup setup)
    {
        ShowNotices();
        _epochs = setup.Loop.Epochs;
        var model = setup.Model;
        console.MarkupLine(Invariant(
            $"Split: {setup.Split.Train:N0} train / {setup.Split.Validation:N0} validation / {setup.Split.Test:N0} test; vocabulary {model.VocabularySize:N0} tokens"));
        console.MarkupLine(Invariant(
            $"Model: embedding {model.EmbeddingDim} → {(model.Bidirectional ? "bidirectional " : "")}LSTM {model.LstmUnits} → dropout {model.Dropout} → dense; sequence length {model.SequenceLength}; {setup.Options.Threads} thread(s)"));
        if (setup.Embeddings is { } embeddings)
        {
            console.MarkupLine(Invariant(
                $"Embeddings: [bold]{ConsoleText.Markup(Path.GetFileName(embeddings.Source))}[/] ({embeddings.Words:N0} words, {embeddings.Dimension} dimensions), {(model.FineTunePretrained ? "fine-tuned" : "frozen")}; {embeddings.VocabularyRows:N0} vocabulary rows pretrained, {model.LearnedRows - 2:N0} learned; coverage {embeddings.Coverage:P1} of training-token occurrences"));
        }
        else
        {
            console.MarkupLine("[grey]Embeddings: learned from the training tweets (pretrained vectors: `trainer download embeddings`, then --embeddings glove-6b-100d).[/]");
        }
        if (setup.Lexicon is { } lexicon)
        {
            console.MarkupLine(Invariant(
                $"Lexicon: [bold]{ConsoleText.Markup(Path.GetFileName(lexicon.Source))}[/] ({lexicon.Entries:N0} entries), weight {model.LexiconWeight}; rates {lexicon.RatedTokens:N0} vocabulary tokens ({lexicon.AddedTokens:N0} added for it) and {lexicon.Coverage:P1} of training-token occurrences"));
        }
        else if (Lexicon.LexiconCatalog.LocateDownloaded() is null)
        {
            console.MarkupLine("[yellow]Lexicon: none.[/] VADER's lexicon is not on disk (`trainer download lexicon` fetches it): with it the model does much better on tweets unlike its training data (see docs/trainer.md).");
        }
        else
        {
            console.MarkupLine("[grey]Lexicon: off.[/]");
        }
    }

    public void OnEpochStarted(int epoch, int batchCount)
    {
        _epochTask = display.AddTask(Invariant($"Epoch {epoch}/{_epochs}"), batchCount);
    }

    public void OnBatchCompleted(BatchProgress progress)
    {
        if (_epochTask is null) return;
        _epochTask.Description = Invariant($"Epoch {progress.Epoch}/{_epochs} {progress.SequencesPerSecond,6:N0} seq/s");
        _epochTask.Report(progress.Batch);
    }

    public void OnEpochCompleted(EpochResult result)
    {
        _epochTask?.Finish();
        ShowNotices();
        console.MarkupLine(Invariant(
            $"Epoch {result.Epoch,2}: loss {result.Loss:F4} acc {result.Accuracy:P2} | val_loss {result.ValidationLoss:F4} val_acc {result.ValidationAccuracy:P2} | lr {result.LearningRate:G3} | {result.SequencesPerSecond:N0} seq/s | {result.Duration.TotalSeconds:F1} s"));
    }

    /// <summary>The run goes on to save, export and record: say so while the display is still up.</summary>
    public void OnTrainingCompleted(TrainingReport report)
    {
        ShowNotices();
        display.AddTask("Saving the checkpoint, exporting the SavedModel, recording the run");
    }

    /// <summary>Prints the notices held so far (call from the thread that draws the console).</summary>
    public void ShowNotices()
    {
        notices?.PrintTo(console);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
