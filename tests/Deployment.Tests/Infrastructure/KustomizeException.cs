namespace TwitterSentiment.Deployment.Tests.Infrastructure;

/// <summary>A kustomization that does not render.</summary>
internal sealed class KustomizeException(string message) : Exception(message);
