using System.Globalization;

namespace TwitterSentiment.Trainer.Commands;

/// <summary>How the console tables write metrics: invariant culture, and "—" for a metric that is undefined (null).</summary>
public static class MetricText
{
    public const string Undefined = "—";

    /// <summary>The caption of a table that shows <see cref="Undefined"/>.</summary>
    public const string UndefinedNote =
        Undefined + " = undefined: recall needs positive rows, specificity negative rows, balanced accuracy and ROC AUC both; precision needs a positive prediction.";

    public static string Percent(double? value) => value is { } v && double.IsFinite(v) ? v.ToString("P2", CultureInfo.InvariantCulture) : Undefined;

    public static string Number(double? value) => value is { } v && double.IsFinite(v) ? v.ToString("F4", CultureInfo.InvariantCulture) : Undefined;

    public static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
