using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using Spectre.Console.Cli;
using TwitterSentiment.Contracts;
using TwitterSentiment.Trainer.Export;
using TwitterSentiment.Trainer.Modeling;
using TwitterSentiment.Trainer.Scoring;

namespace TwitterSentiment.Trainer.Commands.Export;

/// <summary><c>trainer export --checkpoint checkpoints/&lt;run&gt;</c>: re-exports a saved checkpoint as a SavedModel.</summary>
public sealed class ExportCommand(IAnsiConsole console) : Command<ExportCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("-c|--checkpoint <DIR>")]
        [Description("Checkpoint folder written by training (model.json, vocabulary.txt, weights.dat).")]
        public string? Checkpoint { get; init; }

        [CommandOption("--export-dir <DIR>")]
        [Description("Model base path: the SavedModel goes to <export-dir>/<model-name>/<next version>/. Default: " + ServingContract.ModelBasePath + " in the repository.")]
        public string? ExportDirectory { get; init; }

        [CommandOption("--model-name <NAME>")]
        [Description("Model name, as TensorFlow Serving's --model_name.")]
        [DefaultValue(ServingContract.ModelName)]
        public string ModelName { get; init; } = ServingContract.ModelName;

        public override ValidationResult Validate()
        {
            if (string.IsNullOrWhiteSpace(Checkpoint))
                return ValidationResult.Error("--checkpoint is required: the folder of a trained model (e.g. checkpoints/<run>).");
            if (!Directory.Exists(Checkpoint))
                return ValidationResult.Error($"The checkpoint folder {Checkpoint} does not exist.");
            if (!ServingContract.IsValidModelName(ModelName))
                return ValidationResult.Error($"--model-name must be {ServingContract.ModelNameRule} (got \"{ModelName}\").");
            return ValidationResult.Success();
        }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        string checkpoint = settings.Checkpoint ?? throw new InvalidOperationException("Settings were not validated.");

        var (model, vocabulary) = CheckpointReader.Load(checkpoint);
        string exportDirectory = RepositoryPaths.ResolveOrDefault(settings.ExportDirectory, ServingContract.ModelBasePath);
        using (model)
        {
            var result = Export(model, vocabulary, checkpoint, exportDirectory, settings.ModelName);
            var table = new Table().AddColumn("Exported").AddColumn(string.Empty);
            table.AddRow("Version", result.Version.ToString(CultureInfo.InvariantCulture));
            table.AddRow("Directory", ConsoleText.Markup(result.VersionDirectory));
            table.AddRow("saved_model.pb", $"{result.SavedModelBytes / 1048576.0:F1} MiB, {result.NodeCount} nodes");
            table.AddRow("Time", $"{result.Elapsed.TotalSeconds:F2} s");
            console.Write(table);
            return 0;
        }
    }

    /// <exception cref="ModelSourceException">The training facts beside the checkpoint are not valid JSON.</exception>
    /// <exception cref="IOException">The SavedModel cannot be written.</exception>
    private static ExportResult Export(SentimentModel model, Text.Vocabulary vocabulary, string checkpoint, string exportDirectory, string modelName)
    {
        ExportedModelInfo modelInfo;
        try
        {
            // The training facts saved beside the checkpoint, else the little the checkpoint itself knows.
            modelInfo = ExportedModelInfo.Load(checkpoint)
                ?? ExportedModelInfo.Minimal(model.Options, Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(checkpoint))));
        }
        catch (JsonException exception)
        {
            throw new ModelSourceException($"Cannot read {Path.Combine(checkpoint, ExportedModelInfo.FileName)}: {exception.Message}", exception);
        }

        try
        {
            return SavedModelExporter.Export(model, vocabulary, exportDirectory, modelName, modelInfo);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"Cannot write the SavedModel under {exportDirectory}: {exception.Message}", exception);
        }
    }
}
