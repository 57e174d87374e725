using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Text;
using TwitterSentiment.Trainer.Data;

namespace TwitterSentiment.Trainer.Embeddings;

/// <summary>
/// Reads pretrained vectors from GloVe's text format (<c>word v1 … vD</c> per line), word2vec's text format (the
/// same after a <c>count dim</c> header line), either of them gzipped (<c>.gz</c>), or the compact binary cache this
/// project writes (<see cref="WriteCache"/>), which loads in about a second instead of parsing text. The format is
/// detected from the first bytes. Every error names the file and, for text, the line.
/// </summary>
public static class EmbeddingsFile
{
    /// <summary>The cache's extension: <c>data/embeddings/&lt;name&gt;.tsemb</c>.</summary>
    public const string CacheExtension = ".tsemb";

    // "TSEMB" + format version 1; then dimension, count (int32 LE), the words (int32 byte length + UTF-8 each),
    // then count × dimension float32 LE values.
    private static readonly byte[] CacheMagic = "TSEMB\u0001"u8.ToArray();
    private static readonly byte[] GzipMagic = [0x1f, 0x8b];
    private const int MaxDimension = 4096;

    /// <exception cref="DataException">The file is missing, malformed or empty.</exception>
    public static PretrainedEmbeddings Read(string path, IProgress<long>? bytesRead = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
            throw new DataException($"The embeddings file {path} does not exist. Get a set with `trainer download embeddings`, or pass a GloVe/word2vec .txt or .txt.gz file.");

        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        Span<byte> head = stackalloc byte[CacheMagic.Length];
        int headLength = file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        file.Position = 0;
        if (headLength == CacheMagic.Length && head.SequenceEqual(CacheMagic)) return ReadCache(path, file, cancellationToken);

        using var counting = new CountingStream(file, bytesRead);
        Stream text = headLength >= 2 && head[..2].SequenceEqual(GzipMagic) ? new GZipStream(counting, CompressionMode.Decompress) : counting;
        using (text)
        {
            try
            {
                return ReadText(path, text, cancellationToken);
            }
            catch (InvalidDataException exception)
            {
                throw new DataException($"{path} is not a readable gzip file: {exception.Message}", exception);
            }
        }
    }

    /// <summary>Writes the binary cache atomically (a temporary sibling renamed into place).</summary>
    public static void WriteCache(PretrainedEmbeddings embeddings, string path)
    {
        ArgumentNullException.ThrowIfNull(embeddings);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        string temporary = path + ".partial";
        using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
        using (var writer = new BinaryWriter(file, Encoding.UTF8))
        {
            writer.Write(CacheMagic);
            writer.Write(embeddings.Dimension);
            writer.Write(embeddings.Count);
            foreach (string word in embeddings.Words)
            {
                byte[] bytes = Encoding.UTF8.GetBytes(word);
                writer.Write(bytes.Length);
                writer.Write(bytes);
            }
            var values = embeddings.AllVectors;
            if (BitConverter.IsLittleEndian)
            {
                writer.Write(MemoryMarshal.AsBytes(values));
            }
            else
            {
                foreach (float value in values) writer.Write(value);
            }
        }
        File.Move(temporary, path, overwrite: true);
    }

    private static PretrainedEmbeddings ReadCache(string path, FileStream file, CancellationToken cancellationToken)
    {
        using var reader = new BinaryReader(file, Encoding.UTF8);
        try
        {
            reader.ReadBytes(CacheMagic.Length);
            int dimension = reader.ReadInt32();
            int count = reader.ReadInt32();
            if (dimension is < 1 or > MaxDimension || count < 1 || (long)count * dimension > Array.MaxLength)
                throw new DataException($"{path} is a damaged embeddings cache (dimension {dimension}, {count} words). Delete it and download the set again.");

            string[] words = new string[count];
            for (int i = 0; i < count; i++)
            {
                if (i % 65_536 == 0) cancellationToken.ThrowIfCancellationRequested();
                int length = reader.ReadInt32();
                if (length is < 0 or > 1 << 16)
                    throw new DataException($"{path} is a damaged embeddings cache (word {i + 1} claims {length} bytes). Delete it and download the set again.");
                words[i] = Encoding.UTF8.GetString(reader.ReadBytes(length));
            }

            float[] vectors = new float[(long)count * dimension];
            var bytes = MemoryMarshal.AsBytes(vectors.AsSpan());
            file.ReadExactly(bytes);
            if (!BitConverter.IsLittleEndian)
            {
                var raw = MemoryMarshal.Cast<float, int>(vectors.AsSpan());
                BinaryPrimitives.ReverseEndianness(raw, raw);
            }
            return new PretrainedEmbeddings(path, words, vectors, dimension);
        }
        catch (EndOfStreamException exception)
        {
            throw new DataException($"{path} is a truncated embeddings cache. Delete it and download the set again.", exception);
        }
    }

    private static PretrainedEmbeddings ReadText(string path, Stream stream, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false), detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 20);
        var words = new List<string>();
        var vectors = new List<float>();
        int dimension = 0;
        long expectedCount = -1;
        long lineNumber = 0;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNumber++;
            if (lineNumber % 16_384 == 0) cancellationToken.ThrowIfCancellationRequested();
            var span = line.AsSpan().TrimEnd();
            if (span.IsEmpty) continue;

            int firstSpace = span.IndexOf(' ');
            if (firstSpace <= 0)
                throw new DataException($"{path}, line {lineNumber}: expected a word followed by its vector, found no values.");

            if (lineNumber == 1 && TryReadWord2VecHeader(span, out long headerCount, out int headerDimension))
            {
                if (headerDimension is < 1 or > MaxDimension)
                    throw new DataException($"{path}, line 1: the word2vec header gives dimension {headerDimension}; it must be between 1 and {MaxDimension}.");
                expectedCount = headerCount;
                dimension = headerDimension;
                continue;
            }

            var word = span[..firstSpace];
            var values = span[(firstSpace + 1)..];
            int valueCount = values.Count(' ') + 1;
            if (dimension == 0)
            {
                if (valueCount > MaxDimension)
                    throw new DataException($"{path}, line {lineNumber}: {valueCount} values is more than {MaxDimension}: is this an embeddings file?");
                dimension = valueCount;
            }
            if (valueCount != dimension)
                throw new DataException($"{path}, line {lineNumber}: the word \"{word}\" has {valueCount} values, but the file's vectors have {dimension}.");

            foreach (var range in values.Split(' '))
            {
                var value = values[range];
                if (!float.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out float number) || !float.IsFinite(number))
                    throw new DataException($"{path}, line {lineNumber}: \"{value}\" (word \"{word}\") is not a finite number.");
                vectors.Add(number);
            }
            words.Add(word.ToString());
        }

        if (words.Count == 0)
            throw new DataException($"{path} holds no vectors: expected GloVe (word v1 … vD per line) or word2vec text (a \"count dim\" header, then the same).");
        if (expectedCount >= 0 && expectedCount != words.Count)
            throw new DataException($"{path}: the word2vec header announces {expectedCount} words but the file holds {words.Count}; it may be truncated.");
        return new PretrainedEmbeddings(path, words, [.. vectors], dimension);
    }

    /// <summary>word2vec's text format starts with "count dim": exactly two integers.</summary>
    private static bool TryReadWord2VecHeader(ReadOnlySpan<char> line, out long count, out int dimension)
    {
        count = 0;
        dimension = 0;
        int space = line.IndexOf(' ');
        return space > 0
            && line[(space + 1)..].IndexOf(' ') < 0
            && long.TryParse(line[..space], NumberStyles.None, CultureInfo.InvariantCulture, out count)
            && int.TryParse(line[(space + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out dimension);
    }

    /// <summary>Reports the bytes read from the file (before decompression), for a progress bar.</summary>
    private sealed class CountingStream(Stream inner, IProgress<long>? progress) : Stream
    {
        private const long ProgressStep = 1 << 22;
        private long _read;
        private long _nextReport = ProgressStep;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => inner.Length;
        public override long Position { get => _read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            int n = inner.Read(buffer);
            _read += n;
            if (progress is not null && (_read >= _nextReport || n == 0))
            {
                progress.Report(_read);
                _nextReport = _read + ProgressStep;
            }
            return n;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
