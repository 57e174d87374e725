using System.Globalization;
using System.IO.Compression;
using System.Text;
using TwitterSentiment.Trainer.Data;
using TwitterSentiment.Trainer.Embeddings;

namespace TwitterSentiment.Trainer.Tests.Embeddings;

/// <summary>The GloVe Twitter sets come as one zip over HTTP: served here by a loopback server, as Stanford would.</summary>
public sealed class TwitterGloveDownloadTests
{
    private static readonly EmbeddingsSet Set = EmbeddingsCatalog.Find("glove-twitter-27b-25d")!;

    [Test]
    public async Task The_named_text_file_in_the_zip_becomes_the_cache_and_the_archive_is_kept_for_the_other_sizes()
    {
        using var folder = new TempDirectory();
        byte[] zip = Zip(("glove.twitter.27B.25d.txt", Vectors("lol", "<user>", "😂")), ("glove.twitter.27B.50d.txt", "x 1\n"));
        await using var server = new LoopbackHttpServer(LoopbackHttpServer.Serve(zip));
        using var http = new HttpClient();

        string cache = await new EmbeddingsDownloader(http).DownloadAsync(Set, folder.Path, null, new Uri(server.BaseAddress, "glove.twitter.27B.zip"), null, CancellationToken.None);

        var embeddings = EmbeddingsFile.Read(cache);
        Assert.That(embeddings.Words, Is.EqualTo(new[] { "lol", "<user>", "😂" }));
        Assert.That(embeddings.Dimension, Is.EqualTo(25));
        Assert.That(EmbeddingsCatalog.Resolve(cache), Is.EqualTo(cache), "--embeddings takes the cache's path too");
        Assert.That(File.Exists(Path.Combine(folder.Path, "glove.twitter.27B.zip")), Is.True);
    }

    [Test]
    public async Task A_server_error_and_an_archive_without_the_file_are_errors_that_say_what_to_do()
    {
        using var folder = new TempDirectory();
        await using var failing = new LoopbackHttpServer(LoopbackHttpServer.Status(503));
        await using var wrong = new LoopbackHttpServer(LoopbackHttpServer.Serve(Zip(("readme.txt", "nothing"))));
        using var http = new HttpClient();
        var downloader = new EmbeddingsDownloader(http);

        var unavailable = Assert.ThrowsAsync<DataException>(() =>
            downloader.DownloadAsync(Set, folder.File("a"), null, new Uri(failing.BaseAddress, "glove.twitter.27B.zip"), null, CancellationToken.None));
        var missing = Assert.ThrowsAsync<DataException>(() =>
            downloader.DownloadAsync(Set, folder.File("b"), null, new Uri(wrong.BaseAddress, "glove.twitter.27B.zip"), null, CancellationToken.None));

        Assert.That(unavailable!.Message, Does.Contain("HTTP 503"));
        Assert.That(missing!.Message, Does.Contain("holds no glove.twitter.27B.25d.txt"));
    }

    [Test]
    public void A_known_name_that_was_not_downloaded_says_which_command_gets_it()
    {
        using var folder = new TempDirectory();

        Assert.That(() => EmbeddingsCatalog.Resolve("glove-6b-100d", folder.Path),
            Throws.TypeOf<DataException>().With.Message.Contains("trainer download embeddings --name glove-6b-100d"));
        Assert.That(EmbeddingsCatalog.Resolve("none", folder.Path), Is.Null);
        Assert.That(EmbeddingsCatalog.Resolve(null, folder.Path), Is.Null);
    }

    private static string Vectors(params string[] words)
    {
        var text = new StringBuilder();
        foreach (string word in words)
        {
            text.Append(word);
            for (int i = 0; i < 25; i++) text.Append(' ').Append((i * 0.01).ToString(CultureInfo.InvariantCulture));
            text.Append('\n');
        }
        return text.ToString();
    }

    private static byte[] Zip(params (string Name, string Text)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, text) in entries)
            {
                using var entry = zip.CreateEntry(name).Open();
                entry.Write(Encoding.UTF8.GetBytes(text));
            }
        }
        return buffer.ToArray();
    }
}
