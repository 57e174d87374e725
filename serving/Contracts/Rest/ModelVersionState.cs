namespace TwitterSentiment.Contracts.Rest;

public sealed record ModelVersionState(long Version, string State, string ErrorCode, string ErrorMessage);
