namespace TwitterSentiment.Contracts.Rest;

/// <summary>TF Serving answered 400: it rejected the request. Retrying cannot help.</summary>
public sealed class InvalidModelInputException(string message) : TfServingException(message);
