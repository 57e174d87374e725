using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using TwitterSentiment.Trainer.Commands;
using TwitterSentiment.Trainer.Lexicon;
using TwitterSentiment.Trainer.Tests.Commands;

namespace TwitterSentiment.Trainer.Tests.Lexicon;

public sealed class LexiconDownloadTests
{
    [Test]
    public void Download_lexicon_gets_VADER_through_npm_checks_it_and_a_second_run_keeps_it()
    {
        using var temp = new TempDirectory();
        if (ProcessRunner.TryRun("npm", ["--version"], temp.Path, timeout: TimeSpan.FromSeconds(30)) is null)
            Assert.Ignore("npm is not installed; `download lexicon` needs it.");

        var (exitCode, output) = TrainerCli.Run("download", "lexicon", "--output", temp.Path);
        var (againExitCode, again) = TrainerCli.Run("download", "lexicon", "--output", temp.Path);

        Assert.That(exitCode, Is.EqualTo(0), output);
        string file = Path.Combine(temp.Path, LexiconCatalog.FileName);
        var lexicon = SentimentLexicon.Read(file);
        Assert.That(lexicon.Entries, Is.EqualTo(7517));
        Assert.That(lexicon.ValenceOf("good"), Is.GreaterThan(0.4f));
        Assert.That(lexicon.ValenceOf(TwitterSentiment.Trainer.Text.TokenizerSpec.SadToken), Is.LessThan(0f));
        Assert.That(Directory.GetFiles(temp.Path), Is.EqualTo(new[] { file }), "the tarball is not left behind");
        Assert.That(againExitCode, Is.EqualTo(0));
        Assert.That(again, Does.Contain("already there"));
    }

    [Test]
    public void A_tarball_that_is_not_the_pinned_package_is_refused_and_nothing_is_written()
    {
        using var temp = new TempDirectory();
        string tarball = temp.File("vader-sentiment-1.1.3.tgz");
        using (var file = File.Create(tarball))
        using (var gzip = new GZipStream(file, CompressionLevel.Fastest))
        using (var tar = new TarWriter(gzip))
        {
            var entry = new PaxTarEntry(TarEntryType.RegularFile, LexiconCatalog.PackageEntry) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes("good\t4.0\n")) };
            tar.WriteEntry(entry);
        }
        string output = temp.File("lexicon");

        var (exitCode, message) = TrainerCli.Run("download", "lexicon", "--tarball", tarball, "--output", output);

        Assert.That(exitCode, Is.EqualTo(CommandLineErrors.Failure));
        Assert.That(message, Does.Contain("not the expected package"));
        Assert.That(File.Exists(Path.Combine(output, LexiconCatalog.FileName)), Is.False);
        Assert.That(File.Exists(tarball), Is.True, "a tarball the user gave is not deleted");
    }
}
