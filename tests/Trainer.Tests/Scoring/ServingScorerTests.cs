using System.Net;
using System.Net.Sockets;
using System.Text;
using TwitterSentiment.Contracts;
using TwitterSentiment.Trainer.Commands;
using TwitterSentiment.Trainer.Scoring;
using TwitterSentiment.Trainer.Tests.Commands;

namespace TwitterSentiment.Trainer.Tests.Scoring;

/// <summary>
/// `--server` scoring against servers that keep it waiting (issue 22): connecting, a request that runs no model and a
/// batch each have their own limit and a message about what was awaited, and a silent server is announced once.
/// Limits are fractions of a second here; the defaults are seconds. And an answer that is no probability is an error.
/// </summary>
public sealed class ServingScorerTests
{
    private static readonly TimeSpan Short = TimeSpan.FromMilliseconds(800);

    private const string Metadata = """
        {"model_spec": {"name": "sentiment", "version": "1"}, "metadata": {"signature_def": {"signature_def": {"serving_default": {
          "inputs": {"text": {"dtype": "DT_STRING", "tensor_shape": {"dim": [{"size": "-1"}]}, "name": "text:0"}},
          "outputs": {"probability": {"dtype": "DT_FLOAT", "tensor_shape": {"dim": [{"size": "-1"}]}, "name": "probability:0"}},
          "method_name": "tensorflow/serving/predict"}}}}}
        """;

    private static ServingSource Source(Uri server) => new(server, ServingContract.ModelName, null, null)
    {
        Timeout = Short,
        FirstByteTimeout = Short,
        ConnectTimeout = TimeSpan.FromMilliseconds(400),
        WaitNotice = TimeSpan.FromMilliseconds(200),
        BatchSize = 4,
    };

    [Test]
    public async Task A_server_that_accepts_and_never_answers_the_metadata_request_is_named_as_such_without_batch_advice()
    {
        await using var silent = new LoopbackHttpServer(LoopbackHttpServer.Silent());
        var notices = new List<string>();

        var error = Assert.ThrowsAsync<ModelSourceException>(() => ServingScorer.OpenAsync(Source(silent.BaseAddress), notices.Add, CancellationToken.None));

        Assert.That(error?.Message, Does.Contain("accepted the connection but did not answer GET").And.Contain("/v1/models/sentiment/metadata")
            .And.Contain("within 0.8 s (--first-byte-timeout)").And.Contain("REST port").And.Not.Contain("--batch-size"));
        Assert.That(notices, Has.Count.EqualTo(1));
        Assert.That(notices[0], Does.StartWith($"Waiting for the model server at {silent.BaseAddress}").And.Contain("no answer to GET"));
    }

    [Test]
    public async Task A_batch_the_server_does_not_answer_in_time_gets_the_batch_size_advice()
    {
        await using var server = new LoopbackHttpServer(async (context, stopping) =>
        {
            if (context.Request.HttpMethod == "GET")
            {
                byte[] body = Encoding.UTF8.GetBytes(Metadata);
                await context.Response.OutputStream.WriteAsync(body, stopping);
                return;
            }

            await Task.Delay(Timeout.Infinite, stopping);
        });
        var notices = new List<string>();
        await using var scorer = await ServingScorer.OpenAsync(Source(server.BaseAddress), notices.Add, CancellationToken.None);

        var error = Assert.ThrowsAsync<ModelSourceException>(() => scorer.ScoreAsync(["a", "b"], null, CancellationToken.None));

        Assert.That(error?.Message, Does.Contain("did not answer a batch of up to 4 texts within 0.8 s (--timeout)").And.Contain("smaller --batch-size"));
        Assert.That(notices.Single(), Does.Contain("no answer to POST").And.Contain(":predict"));
    }

    [Test]
    public async Task Headers_followed_by_silence_are_held_to_the_same_limit()
    {
        byte[] body = Encoding.UTF8.GetBytes(Metadata);
        await using var stalling = new LoopbackHttpServer(LoopbackHttpServer.Stall(body, sent: 10));

        var error = Assert.ThrowsAsync<ModelSourceException>(() => ServingScorer.OpenAsync(Source(stalling.BaseAddress), null, CancellationToken.None));

        Assert.That(error?.Message, Does.Contain("(--first-byte-timeout)"));
    }

    [Test]
    public async Task A_connection_that_is_never_accepted_is_a_connect_timeout()
    {
        // A listener whose one-slot backlog is taken and that never accepts: the kernel drops further SYNs.
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(0);
        var address = (IPEndPoint)listener.LocalEndPoint!;
        var fillers = new List<Socket>();
        try
        {
            var connects = new List<Task>();
            for (int i = 0; i < 2; i++)
            {
                var filler = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                fillers.Add(filler);
                connects.Add(filler.ConnectAsync(address));
            }

            // The first connection to complete takes the backlog's one slot; the other's SYN is dropped from then on.
            await Task.WhenAny(connects);
            var error = Assert.ThrowsAsync<ModelSourceException>(() =>
                ServingScorer.OpenAsync(Source(new Uri($"http://127.0.0.1:{address.Port}/")), null, CancellationToken.None));

            Assert.That(error?.Message, Does.Contain("Cannot connect").And.Contain("no connection within 0.4 s (--connect-timeout)"));
        }
        finally
        {
            fillers.ForEach(filler => filler.Dispose());
        }
    }

    [Test]
    public async Task The_command_line_takes_the_limits_and_reports_a_silent_server_in_one_line()
    {
        await using var silent = new LoopbackHttpServer(LoopbackHttpServer.Silent());

        var run = TrainerCli.RunUnwrapped("predict", "--server", silent.BaseAddress.AbsoluteUri, "--first-byte-timeout", "2", "--connect-timeout", "1", "hello");

        Assert.That(run.ExitCode, Is.EqualTo(CommandLineErrors.Failure), run.Output);
        Assert.That(run.Stderr, Does.Contain("Error: The model server at").And.Contain("within 2 s (--first-byte-timeout)"));
        Assert.That(run.Stdout, Is.Empty);
    }

    [Test]
    public async Task A_served_NaN_is_read_and_refused_naming_the_text()
    {
        await using var server = new LoopbackHttpServer(async context =>
        {
            string body = context.Request.HttpMethod == "GET" ? Metadata
                : "{\"predictions\": [{\"probability\": 0.25, \"label\": \"negative\"}, {\"probability\": NaN, \"label\": \"negative\"}]}";
            await context.Response.OutputStream.WriteAsync(Encoding.UTF8.GetBytes(body));
        });
        await using var scorer = await ServingScorer.OpenAsync(Source(server.BaseAddress), null, CancellationToken.None);

        var error = Assert.ThrowsAsync<ModelSourceException>(() => scorer.ScoreAsync(["fine", "broken"], null, CancellationToken.None));

        Assert.That(error?.Message, Does.Contain("returned NaN for text 2"));
    }

    [TestCase("--connect-timeout", "10")]
    [TestCase("--connect-timeout", "0")]
    [TestCase("--first-byte-timeout", "0")]
    public void A_connect_limit_that_is_not_the_shortest_is_a_usage_error(string option, string seconds)
    {
        var run = TrainerCli.RunUnwrapped("predict", "--server", "http://127.0.0.1:9/", option, seconds, "hello");

        Assert.That(run.ExitCode, Is.EqualTo(CommandLineErrors.UsageError), run.Output);
        Assert.That(run.Stderr, Does.Contain(option));
    }
}
