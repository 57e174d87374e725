namespace TwitterSentiment.WebClient.Serving;

public sealed record ModelVersionState(long Version, string State, string ErrorCode, string ErrorMessage);
