namespace TwitterSentiment.Contracts.Rest;

/// <summary>TF Serving answered, but not in the shape the contract promises (bad JSON, missing outputs).</summary>
public sealed class UnexpectedModelResponseException(string message, Exception? innerException = null)
    : TfServingException(message, innerException);
