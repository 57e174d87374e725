using TwitterSentiment.Trainer.Data;

namespace TwitterSentiment.Trainer.Tests.Data;

public sealed class SampleGeneratorTests
{
    [Test]
    public async Task The_committed_sample_is_exactly_what_its_generator_writes()
    {
        string? root = DefaultData.FindRepositoryRoot(AppContext.BaseDirectory);
        if (root is null) Assert.Ignore("The tests do not run inside the repository, so data/sample/generate.py is not at hand.");
        string output = Path.Combine(Path.GetTempPath(), $"sample-{Guid.NewGuid():N}.csv");
        try
        {
            var generator = ProcessRunner.TryRun("python3", [Path.Combine(root, "data", "sample", "generate.py"), "--output", output], timeout: TimeSpan.FromMinutes(1));
            if (generator is null) Assert.Ignore("python3 is not installed here, so the generator cannot run.");
            Assert.That(generator.ExitCode, Is.Zero, generator.StandardError);

            using var embedded = DefaultData.OpenSample();
            using var copy = new MemoryStream();
            await embedded.CopyToAsync(copy);

            Assert.That(await File.ReadAllBytesAsync(output), Is.EqualTo(copy.ToArray()));
        }
        finally
        {
            File.Delete(output);
        }
    }
}
