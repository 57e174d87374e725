using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using Spectre.Console.Cli;
using TwitterSentiment.Trainer.Export;
using TwitterSentiment.Trainer.Modeling;

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
        [Description("Model base path: the SavedModel goes to <export-dir>/<model-name>/<next version>/. Default: serving/models in the repository.")]
        public string? ExportDirectory { get; init; }

        [CommandOption("--model-name <NAME>")]
        [Description("Model name, as TensorFlow Serving's --model_name.")]
        [DefaultValue(SavedModelExporter.DefaultModelName)]
        public string ModelName { get; init; } = SavedModelExporter.DefaultModelName;

        public override ValidationResult Validate()
        {
            if (string.IsNullOrWhiteSpace(Checkpoint))
                return ValidationResult.Error("--checkpoint is required: the folder of a trained model (e.g. checkpoints/<run>).");
            if (!Directory.Exists(Checkpoint))
                return ValidationResult.Error($"The checkpoint folder {Checkpoint} does not exist.");
            if (string.IsNullOrWhiteSpace(ModelName) || ModelName.IndexOfAny(['/', '\\', ':']) >= 0 || ModelName is "." or "..")
                return ValidationResult.Error($"--model-name \"{ModelName}\" must be a single folder name without ':'.");
            return ValidationResult.Success();
        }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        string checkpoint = settings.Checkpoint ?? throw new InvalidOperationException("Settings were not validated.");

        SentimentModel model;
        Text.Vocabulary vocabulary;
        try
        {
            (model, vocabulary) = ModelCheckpoint.Load(checkpoint);
        }
        catch (Exception exception) when (exception is IOException or InvalidDataException or JsonException or UnauthorizedAccessException
                                              or ArgumentException or NotSupportedException or InvalidOperationException or FormatException
                                              or OverflowException or IndexOutOfRangeException or EndOfStreamException)
        {
            console.MarkupLine($"[red]Cannot read the checkpoint {Markup.Escape(checkpoint)}:[/] {Markup.Escape(exception.Message)}");
            return CommandLineErrors.Failure;
        }

        string exportDirectory = RepositoryPaths.ResolveOrDefault(settings.ExportDirectory, SavedModelExporter.DefaultExportDirectory);
        using (model)
        {
            ExportResult result;
            try
            {
                // The training facts saved beside the checkpoint, else the little the checkpoint itself knows.
                var modelInfo = ExportedModelInfo.Load(checkpoint)
                    ?? ExportedModelInfo.Minimal(model.Options, Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(checkpoint))));
                result = SavedModelExporter.Export(model, vocabulary, exportDirectory, settings.ModelName, modelInfo);
            }
            catch (JsonException exception)
            {
                console.MarkupLine($"[red]Cannot read {Markup.Escape(Path.Combine(checkpoint, ExportedModelInfo.FileName))}:[/] {Markup.Escape(exception.Message)}");
                return CommandLineErrors.Failure;
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                console.MarkupLine($"[red]Cannot write the SavedModel under {Markup.Escape(exportDirectory)}:[/] {Markup.Escape(exception.Message)}");
                return CommandLineErrors.Failure;
            }

            var table = new Table().AddColumn("Exported").AddColumn(string.Empty);
            table.AddRow("Version", result.Version.ToString(CultureInfo.InvariantCulture));
            table.AddRow("Directory", Markup.Escape(result.VersionDirectory));
            table.AddRow("saved_model.pb", $"{result.SavedModelBytes / 1048576.0:F1} MiB, {result.NodeCount} nodes");
            table.AddRow("Time", $"{result.Elapsed.TotalSeconds:F2} s");
            console.Write(table);
            return 0;
        }
    }
}
