namespace TwitterSentiment.Trainer.Modeling;

/// <summary>Labelled tweets cannot calibrate the model (too few, one class only, or a model no better than chance on them).</summary>
public sealed class CalibrationException : Exception
{
    public CalibrationException()
    {
    }

    public CalibrationException(string message) : base(message)
    {
    }

    public CalibrationException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
