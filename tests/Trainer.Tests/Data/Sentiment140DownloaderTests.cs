using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using TwitterSentiment.Trainer.Data;

namespace TwitterSentiment.Trainer.Tests.Data;

public sealed class Sentiment140DownloaderTests
{
    private const int RowsPerClass = 50;
    private string _directory = "";
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromMinutes(1) };

    [SetUp]
    public void Create()
    {
        _directory = Directory.CreateTempSubdirectory("download-").FullName;
    }

    [TearDown]
    public void Delete() => Directory.Delete(_directory, recursive: true);

#pragma warning disable CA5351 // The archive's publishers list MD5; the test computes the same.
    private static string Md5Hex(byte[] bytes) => Convert.ToHexStringLower(MD5.HashData(bytes));
#pragma warning restore CA5351

    private Sentiment140DownloadOptions Options(LoopbackHttpServer server, string? md5 = null) => new()
    {
        Url = new Uri(server.BaseAddress, "trainingandtestdata.zip"),
        DataDirectory = Path.Combine(_directory, "data"),
        ExpectedArchiveMd5 = md5,
        ExpectedRowsPerClass = RowsPerClass,
    };

    /// <summary>A Sentiment140-layout archive: Latin-1 CSV with the given class counts, plus the test file the real one has.</summary>
    internal static byte[] Archive(int negatives = RowsPerClass, int positives = RowsPerClass, string entryName = DefaultData.Sentiment140FileName)
    {
        var csv = new StringBuilder();
        for (int i = 0; i < negatives + positives; i++)
        {
            int polarity = i < negatives ? 0 : 4;
            csv.Append(System.Globalization.CultureInfo.InvariantCulture,
                $"\"{polarity}\",\"{1467810369 + i}\",\"Mon Apr 06 22:19:45 PDT 2009\",\"NO_QUERY\",\"user{i}\",\"tweet {i}, caf\u00e9 time\"\n");
        }
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            using (var entry = zip.CreateEntry(entryName).Open()) entry.Write(Encoding.Latin1.GetBytes(csv.ToString()));
            using (var test = zip.CreateEntry("testdata.manual.2009.06.14.csv").Open()) test.Write("\"4\",\"3\",\"d\",\"q\",\"u\",\"t\"\n"u8);
        }
        return buffer.ToArray();
    }

    private string[] FilesLeft() => Directory.Exists(Path.Combine(_directory, "data"))
        ? Directory.GetFiles(Path.Combine(_directory, "data")).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToArray()
        : [];

    [Test]
    public async Task A_good_archive_is_downloaded_unpacked_verified_and_then_removed()
    {
        byte[] archive = Archive();
        await using var server = new LoopbackHttpServer(LoopbackHttpServer.Serve(archive));
        var options = Options(server, Md5Hex(archive));
        var reports = new List<DownloadProgress>();

        string path = await new Sentiment140Downloader(Http).DownloadArchiveAsync(options, new SynchronousProgress<DownloadProgress>(reports.Add), CancellationToken.None);
        var verification = Sentiment140Downloader.ExtractAndVerify(path, options, null, CancellationToken.None);

        Assert.That(verification.Passed, Is.True, string.Join("; ", verification.Problems));
        Assert.That(verification.Rows, Is.EqualTo(2 * RowsPerClass));
        Assert.That((verification.Negative, verification.Positive), Is.EqualTo((RowsPerClass, RowsPerClass)));
        Assert.That(verification.Path, Is.EqualTo(options.CsvPath));
        // The archive's hand-labelled test set is kept beside the training file, for training to score.
        Assert.That(FilesLeft(), Is.EqualTo(new[] { DefaultData.Sentiment140TestFileName, DefaultData.Sentiment140FileName }));
        Assert.That(DefaultData.LocateSentiment140Test(_directory), Is.EqualTo(Path.Combine(options.DataDirectory, DefaultData.Sentiment140TestFileName)));
        Assert.That(reports[^1], Is.EqualTo(new DownloadProgress(archive.Length, archive.Length)));
        Assert.That(TweetDataReader.Read(options.CsvPath, DataReadOptions.Default, CancellationToken.None).Tweets[0].Text, Is.EqualTo("tweet 0, caf\u00e9 time"));
    }

    [Test]
    public async Task The_archive_is_kept_when_asked()
    {
        await using var server = new LoopbackHttpServer(LoopbackHttpServer.Serve(Archive()));
        var options = Options(server) with { KeepArchive = true };

        string path = await new Sentiment140Downloader(Http).DownloadArchiveAsync(options, null, CancellationToken.None);
        Sentiment140Downloader.ExtractAndVerify(path, options, null, CancellationToken.None);

        Assert.That(FilesLeft(), Is.EqualTo(new[] { DefaultData.Sentiment140TestFileName, DefaultData.Sentiment140FileName, Sentiment140DownloadOptions.ArchiveFileName }));
    }

    [Test]
    public async Task An_archive_with_the_wrong_checksum_is_deleted_and_reported()
    {
        await using var server = new LoopbackHttpServer(LoopbackHttpServer.Serve(Archive()));
        var options = Options(server, md5: Sentiment140DownloadOptions.StanfordArchiveMd5);

        var error = Assert.ThrowsAsync<DataException>(() => new Sentiment140Downloader(Http).DownloadArchiveAsync(options, null, CancellationToken.None));

        Assert.That(error?.Message, Does.Contain("MD5").And.Contain(Sentiment140DownloadOptions.StanfordArchiveMd5));
        Assert.That(FilesLeft(), Is.Empty);
    }

    [Test]
    public async Task A_missing_archive_is_reported_with_the_status_code()
    {
        await using var server = new LoopbackHttpServer(LoopbackHttpServer.Status(404));

        var error = Assert.ThrowsAsync<DataException>(() => new Sentiment140Downloader(Http).DownloadArchiveAsync(Options(server), null, CancellationToken.None));

        Assert.That(error?.Message, Does.Contain("404").And.Contain("--url"));
        Assert.That(FilesLeft(), Is.Empty);
    }

    [Test]
    public async Task An_unreachable_server_is_reported_without_a_stack_trace()
    {
        Uri url;
        await using (var server = new LoopbackHttpServer(LoopbackHttpServer.Status(200))) url = new Uri(server.BaseAddress, "x.zip");
        var options = new Sentiment140DownloadOptions { Url = url, DataDirectory = Path.Combine(_directory, "data") };

        var error = Assert.ThrowsAsync<DataException>(() => new Sentiment140Downloader(Http).DownloadArchiveAsync(options, null, CancellationToken.None));

        Assert.That(error?.Message, Does.Contain("Cannot reach"));
    }

    [Test]
    public async Task A_truncated_download_keeps_its_partial_file_and_the_next_run_resumes_it()
    {
        byte[] archive = Archive();
        var options = new Sentiment140DownloadOptions { DataDirectory = Path.Combine(_directory, "data"), ExpectedArchiveMd5 = null, ExpectedRowsPerClass = RowsPerClass };
        int cut = archive.Length / 3;

        await using (var broken = new LoopbackHttpServer(LoopbackHttpServer.Truncate(archive, cut)))
        {
            var error = Assert.ThrowsAsync<DataException>(() => new Sentiment140Downloader(Http).DownloadArchiveAsync(
                options with { Url = new Uri(broken.BaseAddress, "a.zip") }, null, CancellationToken.None));
            Assert.That(error?.Message, Does.Contain("again to resume"));
        }
        Assert.That(FilesLeft(), Is.EqualTo(new[] { Sentiment140DownloadOptions.ArchiveFileName + ".partial" }));
        Assert.That(new FileInfo(options.ArchivePath + ".partial").Length, Is.EqualTo(cut));

        await using var healthy = new LoopbackHttpServer(LoopbackHttpServer.Serve(archive));
        string path = await new Sentiment140Downloader(Http).DownloadArchiveAsync(options with { Url = new Uri(healthy.BaseAddress, "a.zip") }, null, CancellationToken.None);

        Assert.That(healthy.Ranges, Is.EqualTo(new[] { $"bytes={cut}-" }));
        Assert.That(File.ReadAllBytes(path), Is.EqualTo(archive));
        Assert.That(Sentiment140Downloader.ExtractAndVerify(path, options, null, CancellationToken.None).Passed, Is.True);
    }

    [Test]
    public async Task A_stalled_download_is_abandoned_and_can_be_resumed()
    {
        byte[] archive = Archive();
        await using var server = new LoopbackHttpServer(LoopbackHttpServer.Stall(archive, sent: 1000));
        var options = Options(server) with { StallTimeout = TimeSpan.FromMilliseconds(300) };

        var error = Assert.ThrowsAsync<DataException>(() => new Sentiment140Downloader(Http).DownloadArchiveAsync(options, null, CancellationToken.None));

        Assert.That(error?.Message, Does.Contain("nothing arrived").And.Contain("resume"));
        Assert.That(new FileInfo(options.ArchivePath + ".partial").Length, Is.EqualTo(1000));
    }

    [Test]
    public async Task A_server_that_never_answers_is_reported()
    {
        await using var server = new LoopbackHttpServer(LoopbackHttpServer.Silent());
        var options = Options(server) with { StallTimeout = TimeSpan.FromMilliseconds(300) };

        var error = Assert.ThrowsAsync<DataException>(() => new Sentiment140Downloader(Http).DownloadArchiveAsync(options, null, CancellationToken.None));

        Assert.That(error?.Message, Does.Contain("did not answer"));
    }

    [Test]
    public async Task A_partial_file_longer_than_the_archive_is_replaced_by_a_fresh_download()
    {
        byte[] archive = Archive();
        var options = new Sentiment140DownloadOptions { DataDirectory = Path.Combine(_directory, "data"), ExpectedArchiveMd5 = Md5Hex(archive) };
        Directory.CreateDirectory(options.DataDirectory);
        File.WriteAllBytes(options.ArchivePath + ".partial", new byte[archive.Length + 10]);
        await using var server = new LoopbackHttpServer(async context =>
        {
            if (context.Request.Headers["Range"] is not null) context.Response.StatusCode = 416;
            else await LoopbackHttpServer.Serve(archive)(context);
        });

        string path = await new Sentiment140Downloader(Http).DownloadArchiveAsync(options with { Url = new Uri(server.BaseAddress, "a.zip") }, null, CancellationToken.None);

        Assert.That(File.ReadAllBytes(path), Is.EqualTo(archive));
        Assert.That(server.Ranges, Is.EqualTo(new[] { $"bytes={archive.Length + 10}-", null }));
    }

    [Test]
    public async Task Cancelling_keeps_the_partial_file_for_a_later_resume()
    {
        byte[] archive = Archive();
        await using var server = new LoopbackHttpServer(LoopbackHttpServer.Stall(archive, sent: 500));
        var options = Options(server);
        using var cancellation = new CancellationTokenSource();
        var progress = new SynchronousProgress<DownloadProgress>(report => { if (report.BytesReceived >= 500) cancellation.Cancel(); });

        Assert.CatchAsync<OperationCanceledException>(() => new Sentiment140Downloader(Http).DownloadArchiveAsync(options, progress, cancellation.Token));

        Assert.That(new FileInfo(options.ArchivePath + ".partial").Length, Is.EqualTo(500));
    }

    [Test]
    public async Task A_server_that_ignores_the_range_makes_the_download_start_over()
    {
        byte[] archive = Archive();
        var options = new Sentiment140DownloadOptions { DataDirectory = Path.Combine(_directory, "data"), ExpectedArchiveMd5 = Md5Hex(archive) };
        Directory.CreateDirectory(options.DataDirectory);
        File.WriteAllBytes(options.ArchivePath + ".partial", archive.AsSpan(0, 100).ToArray());
        await using var server = new LoopbackHttpServer(LoopbackHttpServer.Serve(archive, honourRange: false));

        string path = await new Sentiment140Downloader(Http).DownloadArchiveAsync(options with { Url = new Uri(server.BaseAddress, "a.zip") }, null, CancellationToken.None);

        Assert.That(File.ReadAllBytes(path), Is.EqualTo(archive));
    }

    [Test]
    public async Task Unpacking_and_verifying_report_progress_up_to_the_file_size()
    {
        await using var server = new LoopbackHttpServer(LoopbackHttpServer.Serve(Archive()));
        var options = Options(server);
        string archive = await new Sentiment140Downloader(Http).DownloadArchiveAsync(options, null, CancellationToken.None);
        var unpacking = new List<DownloadProgress>();
        var verifying = new List<DownloadProgress>();

        string extracted = Sentiment140Downloader.Extract(archive, options, new SynchronousProgress<DownloadProgress>(unpacking.Add), CancellationToken.None);
        long size = new FileInfo(extracted).Length;
        var verification = Sentiment140Downloader.Install(extracted, archive, options, new SynchronousProgress<DownloadProgress>(verifying.Add), CancellationToken.None);

        Assert.That(verification.Passed, Is.True);
        Assert.That(verification.Bytes, Is.EqualTo(size));
        Assert.That(unpacking[^1], Is.EqualTo(new DownloadProgress(size, size)));
        Assert.That(verifying[^1], Is.EqualTo(new DownloadProgress(size, size)));
    }

    [Test]
    public async Task A_damaged_archive_is_deleted_and_reported()
    {
        byte[] archive = Archive(negatives: 2000, positives: 2000);
        for (int i = 200; i < 600; i++) archive[i] ^= 0x5A;   // inside the first entry's compressed data
        await using var server = new LoopbackHttpServer(LoopbackHttpServer.Serve(archive));
        var options = Options(server);
        string path = await new Sentiment140Downloader(Http).DownloadArchiveAsync(options, null, CancellationToken.None);

        var error = Assert.Throws<DataException>(() => Sentiment140Downloader.ExtractAndVerify(path, options, null, CancellationToken.None));

        Assert.That(error?.Message, Does.Contain("damaged"));
        Assert.That(FilesLeft(), Is.Empty);
    }

    [Test]
    public async Task An_archive_without_the_training_file_is_rejected_naming_what_it_holds()
    {
        await using var server = new LoopbackHttpServer(LoopbackHttpServer.Serve(Archive(entryName: "other.csv")));
        var options = Options(server);
        string path = await new Sentiment140Downloader(Http).DownloadArchiveAsync(options, null, CancellationToken.None);

        var error = Assert.Throws<DataException>(() => Sentiment140Downloader.ExtractAndVerify(path, options, null, CancellationToken.None));

        Assert.That(error?.Message, Does.Contain("other.csv").And.Contain(DefaultData.Sentiment140FileName));
        Assert.That(File.Exists(options.CsvPath), Is.False);
    }

    [Test]
    public async Task A_download_that_is_not_a_zip_is_rejected_and_deleted()
    {
        await using var server = new LoopbackHttpServer(LoopbackHttpServer.Serve("<html>moved</html>"u8.ToArray()));
        var options = Options(server);
        string path = await new Sentiment140Downloader(Http).DownloadArchiveAsync(options, null, CancellationToken.None);

        var error = Assert.Throws<DataException>(() => Sentiment140Downloader.ExtractAndVerify(path, options, null, CancellationToken.None));

        Assert.That(error?.Message, Does.Contain("not a zip"));
        Assert.That(FilesLeft(), Is.Empty);
    }

    [Test]
    public async Task A_training_file_with_the_wrong_counts_fails_verification_and_is_kept_only_as_unverified()
    {
        await using var server = new LoopbackHttpServer(LoopbackHttpServer.Serve(Archive(negatives: RowsPerClass, positives: RowsPerClass - 1)));
        var options = Options(server);
        string path = await new Sentiment140Downloader(Http).DownloadArchiveAsync(options, null, CancellationToken.None);

        var verification = Sentiment140Downloader.ExtractAndVerify(path, options, null, CancellationToken.None);

        Assert.That(verification.Passed, Is.False);
        Assert.That(verification.Problems, Has.One.Contains("49 positive rows, expected 50"));
        Assert.That(verification.Path, Is.EqualTo(options.CsvPath + ".unverified"));
        Assert.That(FilesLeft(), Is.EquivalentTo(new[] { Sentiment140DownloadOptions.ArchiveFileName, DefaultData.Sentiment140TestFileName, DefaultData.Sentiment140FileName + ".unverified" }));
    }

    [Test]
    public void An_existing_file_can_be_verified_on_its_own()
    {
        string path = Path.Combine(_directory, "neutral.csv");
        File.WriteAllText(path, "\"2\",\"1\",\"d\",\"NO_QUERY\",\"u\",\"fact\"\n\"0\",\"1\",\"d\",\"NO_QUERY\",\"u\",\"sad\"\n\"4\",\"1\",\"d\",\"NO_QUERY\",\"u\",\"glad\"\n", Encoding.Latin1);
        var options = new Sentiment140DownloadOptions { DataDirectory = _directory, ExpectedRowsPerClass = 1 };

        var verification = Sentiment140Downloader.Verify(path, options, null, CancellationToken.None);

        Assert.That(verification.Problems, Is.EqualTo(new[] { "1 neutral rows, expected none" }));
        Assert.That(verification.Rows, Is.EqualTo(3));
    }

    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
