namespace TwitterSentiment.Trainer.Tracking;

/// <summary>Validates an artifact path (relative, '/'-separated, no '..') and resolves it under an artifact root.</summary>
internal static class ArtifactTarget
{
    public static string Validate(string? artifactPath)
    {
        if (string.IsNullOrEmpty(artifactPath))
            return "";
        string normalised = artifactPath.Replace('\\', '/').Trim('/');
        if (Path.IsPathRooted(artifactPath) || normalised.Split('/').Any(segment => segment is ".." or "." or ""))
            throw new TrackingException($"Invalid artifact path '{artifactPath}': use a relative path without '.' or '..' segments.");
        return normalised;
    }

    public static string Resolve(string artifactRoot, string? artifactPath)
    {
        string relative = Validate(artifactPath);
        return relative.Length == 0 ? artifactRoot : Path.Combine(artifactRoot, relative.Replace('/', Path.DirectorySeparatorChar));
    }
}
