using System.Diagnostics;
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
            var start = new ProcessStartInfo("python3") { RedirectStandardError = true, RedirectStandardOutput = true };
            start.ArgumentList.Add(Path.Combine(root, "data", "sample", "generate.py"));
            start.ArgumentList.Add("--output");
            start.ArgumentList.Add(output);
            Process process;
            try
            {
                process = Process.Start(start) ?? throw new InvalidOperationException("python3 did not start.");
            }
            catch (System.ComponentModel.Win32Exception)
            {
                Assert.Ignore("python3 is not installed here, so the generator cannot run.");
                return;
            }
            using (process)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
                string errors = await process.StandardError.ReadToEndAsync(timeout.Token);
                await process.WaitForExitAsync(timeout.Token);
                Assert.That(process.ExitCode, Is.Zero, errors);
            }

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
