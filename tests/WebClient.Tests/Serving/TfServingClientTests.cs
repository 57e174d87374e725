using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using TwitterSentiment.Contracts.Rest;
using TwitterSentiment.WebClient.Serving;
using TwitterSentiment.WebClient.Tests.Fakes;

namespace TwitterSentiment.WebClient.Tests.Serving;

[CancelAfter(60_000)]
public sealed class TfServingClientTests
{
    /// <summary>How long a test waits for a request to reach a server (the machine may be busy).</summary>
    private static readonly TimeSpan Waiting = TimeSpan.FromSeconds(30);

    private FakeTfServing _server = null!;

    [SetUp]
    public async Task StartServerAsync() => _server = await FakeTfServing.StartAsync();

    [TearDown]
    public async Task StopServerAsync() => await _server.DisposeAsync();

    [Test]
    public async Task Predict_returns_a_probability_and_label_for_each_text_in_order(CancellationToken cancellationToken)
    {
        using var harness = new ClientHarness(_server.BaseAddress);

        var predictions = await harness.Client.PredictAsync(target: null, ["I love it", "I hate it", "meh"], cancellationToken);

        Assert.That(predictions.Select(p => p.Label), Is.EqualTo(new[] { "positive", "negative", "positive" }));
        Assert.That(predictions[0].Probability, Is.EqualTo(FakeTfServing.Score("I love it")));
        Assert.That(_server.LastPredictBody, Does.Contain("\"signature_name\":\"serving_default\"").And.Contain("\"instances\":[\"I love it\""));
    }

    [Test]
    public async Task Predict_splits_large_inputs_into_batches_of_the_configured_size(CancellationToken cancellationToken)
    {
        using var harness = new ClientHarness(_server.BaseAddress, new Dictionary<string, string?> { ["TfServing:PredictBatchSize"] = "2" });

        var predictions = await harness.Client.PredictAsync(target: null, ["a", "b", "c", "love"], cancellationToken);

        Assert.That(predictions, Has.Count.EqualTo(4));
        Assert.That(predictions[3].Label, Is.EqualTo("positive"));
        Assert.That(_server.PredictRequests, Is.EqualTo(2));
    }

    [Test]
    public async Task Predict_retries_a_503_and_then_succeeds(CancellationToken cancellationToken)
    {
        using var harness = new ClientHarness(_server.BaseAddress);
        _server.EnqueuePredictFaults(Fault.Unavailable, Fault.InternalError);

        var predictions = await harness.Client.PredictAsync(target: null, ["great day"], cancellationToken);

        Assert.That(predictions.Single().Label, Is.EqualTo("positive"));
        Assert.That(_server.PredictRequests, Is.EqualTo(3));
        var retries = harness.Logs.Entries.Where(e => e.Message.Contains("retry", StringComparison.Ordinal)).ToList();
        Assert.That(retries, Has.Count.EqualTo(2));
        Assert.That(retries[0].Level, Is.EqualTo(LogLevel.Warning));
        Assert.That(retries[0].Message, Does.Contain("HTTP 503"));
    }

    [TestCase(408)]
    [TestCase(429)]
    [TestCase(500)]
    [TestCase(502)]
    [TestCase(503)]
    [TestCase(504)]
    public async Task Transient_status_codes_are_retried(int statusCode)
    {
        using var harness = new ClientHarness(_server.BaseAddress);
        _server.EnqueuePredictFaults(new Fault(statusCode, "{ \"error\": \"transient\" }"));

        var predictions = await harness.Client.PredictAsync(target: null, ["love"], CancellationToken.None);

        Assert.That(predictions.Single().Label, Is.EqualTo("positive"));
        Assert.That(_server.PredictRequests, Is.EqualTo(2));
    }

    [TestCase(400)]
    [TestCase(401)]
    [TestCase(404)]
    [TestCase(409)]
    [TestCase(413)]
    public async Task Non_transient_status_codes_are_not_retried(int statusCode)
    {
        using var harness = new ClientHarness(_server.BaseAddress);
        _server.EnqueuePredictFaults(new Fault(statusCode, "{ \"error\": \"permanent\" }"));

        var error = await Expect.ThrowsAsync<TfServingException>(() => harness.Client.PredictAsync(target: null, ["love"], CancellationToken.None));

        Assert.That(error.Message, Does.Contain("permanent"));
        Assert.That(_server.PredictRequests, Is.EqualTo(1));
    }

    [Test]
    public async Task Predict_does_not_retry_a_400_and_reports_the_servers_message()
    {
        using var harness = new ClientHarness(_server.BaseAddress);
        _server.EnqueuePredictFaults(Fault.BadRequest("Expected a string"));

        var error = await Expect.ThrowsAsync<InvalidModelInputException>(() => harness.Client.PredictAsync(target: null, ["x"], CancellationToken.None));

        Assert.That(error.Message, Is.EqualTo("Expected a string"));
        Assert.That(_server.PredictRequests, Is.EqualTo(1));
    }

    [Test]
    public async Task Predict_does_not_retry_a_404_for_an_unknown_model()
    {
        using var harness = new ClientHarness(_server.BaseAddress, new Dictionary<string, string?> { ["TfServing:ModelName"] = "other" });

        var error = await Expect.ThrowsAsync<ModelNotFoundException>(() => harness.Client.PredictAsync(target: null, ["x"], CancellationToken.None));

        Assert.That(error.Message, Is.EqualTo("Could not find any versions of model other"));
        Assert.That(error.IsNotLoadedYet, Is.False);
        Assert.That(_server.PredictRequests, Is.Zero);
    }

    [Test]
    public async Task Predict_while_the_model_is_loading_reports_not_loaded_yet()
    {
        using var harness = new ClientHarness(_server.BaseAddress);
        _server.State = "LOADING";

        var error = await Expect.ThrowsAsync<ModelNotFoundException>(() => harness.Client.PredictAsync(target: null, ["x"], CancellationToken.None));

        Assert.That(error.IsNotLoadedYet, Is.True);
        Assert.That(_server.PredictRequests, Is.EqualTo(1));
    }

    [Test]
    public async Task Predict_against_a_hanging_server_times_out_within_the_configured_limit(CancellationToken cancellationToken)
    {
        var clock = new FakeTimeProvider();
        using var harness = new ClientHarness(_server.BaseAddress, new Dictionary<string, string?>
        {
            ["TfServing:AttemptTimeout"] = "00:00:00.300",
            ["TfServing:TotalTimeout"] = "00:00:03",
            ["TfServing:MaxRetryAttempts"] = "1",
            ["TfServing:RetryBaseDelay"] = "00:00:00",
        }, clock);
        _server.PersistentPredictFault = Fault.Hang;

        var call = harness.Client.PredictAsync(target: null, ["x"], cancellationToken);
        await Poll.UntilAsync(() => _server.PredictRequests == 1, Waiting, () => "_server.PredictRequests == 1", cancellationToken);
        clock.Advance(TimeSpan.FromMilliseconds(300));
        await Poll.UntilAsync(() => _server.PredictRequests == 2, Waiting, () => "_server.PredictRequests == 2", cancellationToken);
        clock.Advance(TimeSpan.FromMilliseconds(300));
        var error = await Expect.ThrowsAsync<ModelServerUnavailableException>(() => call);

        Assert.That(error.TimedOut, Is.True);
        Assert.That(_server.PredictRequests, Is.EqualTo(2), "one attempt and one retry, each cut off by the attempt timeout");
        Assert.That(harness.Logs.Entries.Count(e => e.Message.Contains("attempt timed out", StringComparison.Ordinal)), Is.EqualTo(2));
    }

    [Test]
    public async Task An_attempt_is_not_cut_off_before_its_timeout(CancellationToken cancellationToken)
    {
        var clock = new FakeTimeProvider();
        using var harness = new ClientHarness(_server.BaseAddress, new Dictionary<string, string?>
        {
            ["TfServing:AttemptTimeout"] = "00:00:00.300",
            ["TfServing:RetryBaseDelay"] = "00:00:00",
        }, clock);
        _server.PersistentPredictFault = Fault.Hang;

        var call = harness.Client.PredictAsync(target: null, ["worst"], cancellationToken);
        await Poll.UntilAsync(() => _server.PredictRequests == 1, Waiting, () => "_server.PredictRequests == 1", cancellationToken);
        clock.Advance(TimeSpan.FromMilliseconds(299));

        Assert.That(call.IsCompleted, Is.False, "still waiting 1 ms before the timeout");
        Assert.That(harness.Logs.Entries.Any(e => e.Message.Contains("attempt timed out", StringComparison.Ordinal)), Is.False);
        _server.PersistentPredictFault = null;
        clock.Advance(TimeSpan.FromMilliseconds(1));
        await Poll.UntilAsync(() => _server.PredictRequests == 2, Waiting, () => "_server.PredictRequests == 2", cancellationToken);
        Assert.That((await call).Single().Label, Is.EqualTo("negative"), "the retry after the timeout is answered");
    }

    [Test]
    public async Task The_total_timeout_bounds_the_whole_call_including_retries(CancellationToken cancellationToken)
    {
        var clock = new FakeTimeProvider();
        using var harness = new ClientHarness(_server.BaseAddress, new Dictionary<string, string?>
        {
            ["TfServing:AttemptTimeout"] = "00:00:00.400",
            ["TfServing:TotalTimeout"] = "00:00:00.600",
            ["TfServing:MaxRetryAttempts"] = "5",
            ["TfServing:RetryBaseDelay"] = "00:00:00",
        }, clock);
        _server.PersistentPredictFault = Fault.Hang;

        var call = harness.Client.PredictAsync(target: null, ["x"], cancellationToken);
        await Poll.UntilAsync(() => _server.PredictRequests == 1, Waiting, () => "_server.PredictRequests == 1", cancellationToken);
        clock.Advance(TimeSpan.FromMilliseconds(400));
        await Poll.UntilAsync(() => _server.PredictRequests == 2, Waiting, () => "_server.PredictRequests == 2", cancellationToken);
        clock.Advance(TimeSpan.FromMilliseconds(200));
        var error = await Expect.ThrowsAsync<ModelServerUnavailableException>(() => call);

        Assert.That(error.TimedOut, Is.True);
        Assert.That(_server.PredictRequests, Is.EqualTo(2), "the total timeout stops the retries at 600 ms, during the second attempt");
        Assert.That(harness.Logs.Entries.Any(e => e.Message.Contains("total timeout", StringComparison.Ordinal)), Is.True);
    }

    [Test]
    public async Task Repeated_failures_open_the_circuit_and_it_closes_again_after_the_break(CancellationToken cancellationToken)
    {
        var clock = new FakeTimeProvider();
        using var harness = new ClientHarness(_server.BaseAddress, new Dictionary<string, string?>
        {
            ["TfServing:MaxRetryAttempts"] = "0",
            ["TfServing:CircuitMinimumThroughput"] = "3",
            ["TfServing:CircuitFailureRatio"] = "0.5",
            ["TfServing:CircuitBreakDuration"] = "00:00:02",
        }, clock);
        _server.PersistentPredictFault = Fault.Unavailable;

        for (int i = 0; i < 3; i++)
        {
            Assert.ThrowsAsync<ModelServerUnavailableException>(() => harness.Client.PredictAsync(target: null, ["x"], cancellationToken));
        }

        var open = await Expect.ThrowsAsync<CircuitOpenException>(() => harness.Client.PredictAsync(target: null, ["x"], cancellationToken));
        Assert.That(open.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(2)));
        Assert.That(_server.PredictRequests, Is.EqualTo(3), "an open circuit fails fast without calling the server");

        _server.PersistentPredictFault = null;
        clock.Advance(TimeSpan.FromMilliseconds(1999));
        await Expect.ThrowsAsync<CircuitOpenException>(() => harness.Client.PredictAsync(target: null, ["love"], cancellationToken));
        clock.Advance(TimeSpan.FromMilliseconds(1));
        var recovered = await harness.Client.PredictAsync(target: null, ["love"], cancellationToken);

        Assert.That(recovered.Single().Label, Is.EqualTo("positive"));
        var messages = harness.Logs.Entries.Select(e => e.Message).ToList();
        Assert.That(messages, Has.One.Contains("Circuit to TF Serving opened"));
        Assert.That(messages, Has.One.Contains("half-open"));
        Assert.That(messages, Has.One.Contains("closed"));
    }

    [Test]
    public async Task A_call_that_fails_after_its_retries_counts_once_in_the_circuit(CancellationToken cancellationToken)
    {
        using var harness = new ClientHarness(_server.BaseAddress, new Dictionary<string, string?>
        {
            ["TfServing:MaxRetryAttempts"] = "3",
            ["TfServing:RetryBaseDelay"] = "00:00:00",
            ["TfServing:CircuitMinimumThroughput"] = "2",
            ["TfServing:CircuitFailureRatio"] = "0.5",
        });
        _server.PersistentPredictFault = Fault.Unavailable;

        var first = await Expect.ThrowsAsync<ModelServerUnavailableException>(() => harness.Client.PredictAsync(target: null, ["x"], cancellationToken));
        Assert.That(_server.PredictRequests, Is.EqualTo(4), "all four attempts of the first call reach the server: one failure, below the minimum of two");
        await Expect.ThrowsAsync<ModelServerUnavailableException>(() => harness.Client.PredictAsync(target: null, ["x"], cancellationToken));
        var refused = await Expect.ThrowsAsync<CircuitOpenException>(() => harness.Client.PredictAsync(target: null, ["x"], cancellationToken));

        Assert.That(first.StatusCode, Is.EqualTo(503));
        Assert.That(_server.PredictRequests, Is.EqualTo(8), "the second call's four attempts open it; the third is refused locally");
        Assert.That(refused.Cause, Is.EqualTo(OutageKind.Failing), "it opened on answers with a server error");
    }

    [Test]
    public async Task A_circuit_opened_by_a_stopped_server_says_the_server_is_unreachable(CancellationToken cancellationToken)
    {
        using var harness = new ClientHarness(_server.BaseAddress, new Dictionary<string, string?>
        {
            ["TfServing:MaxRetryAttempts"] = "1",
            ["TfServing:RetryBaseDelay"] = "00:00:00",
            ["TfServing:CircuitMinimumThroughput"] = "2",
        });
        await _server.StopAsync();

        var first = await Expect.ThrowsAsync<ModelServerUnavailableException>(() => harness.Client.GetModelStatusAsync(cancellationToken));
        await Expect.ThrowsAsync<ModelServerUnavailableException>(() => harness.Client.GetModelStatusAsync(cancellationToken));
        var refused = await Expect.ThrowsAsync<CircuitOpenException>(() => harness.Client.PredictAsync(target: null, ["x"], cancellationToken));

        Assert.That(Outages.Of(first), Is.EqualTo(OutageKind.Unreachable));
        Assert.That(refused.Cause, Is.EqualTo(OutageKind.Unreachable));
    }

    [Test]
    public async Task An_address_whose_host_does_not_resolve_is_told_apart_from_a_stopped_server(CancellationToken cancellationToken)
    {
        // .invalid never resolves (RFC 2606), so no name server is asked.
        using var harness = new ClientHarness(new Uri("http://model-server.invalid:8501/"), new Dictionary<string, string?> { ["TfServing:MaxRetryAttempts"] = "0" });

        var error = await Expect.ThrowsAsync<ModelServerUnavailableException>(() => harness.Client.GetModelStatusAsync(cancellationToken));

        Assert.That(Outages.Of(error), Is.EqualTo(OutageKind.UnknownHost));
    }

    [Test]
    public async Task Malformed_json_is_reported_as_an_unexpected_response()
    {
        using var harness = new ClientHarness(_server.BaseAddress);
        _server.EnqueuePredictFaults(Fault.MalformedJson);

        var error = await Expect.ThrowsAsync<UnexpectedModelResponseException>(() => harness.Client.PredictAsync(target: null, ["x"], CancellationToken.None));

        Assert.That(error.Message, Does.Contain("not valid JSON"));
        Assert.That(_server.PredictRequests, Is.EqualTo(1), "a broken answer is not transient");
    }

    [Test]
    public async Task Bare_NaN_probabilities_from_TF_Serving_are_read_as_NaN(CancellationToken cancellationToken)
    {
        using var harness = new ClientHarness(_server.BaseAddress);
        _server.EnqueuePredictFaults(Fault.BareNaN);

        var predictions = await harness.Client.PredictAsync(target: null, ["x", "y"], cancellationToken);

        Assert.That(predictions.Select(p => double.IsNaN(p.Probability)), Is.All.True);
        Assert.That(predictions[0].Label, Is.EqualTo("negative"));
    }

    [Test]
    public async Task A_prediction_count_that_does_not_match_the_input_is_rejected()
    {
        using var harness = new ClientHarness(_server.BaseAddress);
        _server.EnqueuePredictFaults(new Fault(200, "{\"predictions\": [{\"probability\": 0.5, \"label\": \"positive\"}]}"));

        var error = await Expect.ThrowsAsync<UnexpectedModelResponseException>(() => harness.Client.PredictAsync(target: null, ["x", "y"], CancellationToken.None));

        Assert.That(error.Message, Does.Contain("1 predictions for 2 texts"));
    }

    [Test]
    public async Task A_prediction_without_a_probability_is_rejected()
    {
        using var harness = new ClientHarness(_server.BaseAddress);
        _server.EnqueuePredictFaults(new Fault(200, "{\"predictions\": [0.5]}"));

        await Expect.ThrowsAsync<UnexpectedModelResponseException>(() => harness.Client.PredictAsync(target: null, ["x"], CancellationToken.None));
    }

    [Test]
    public async Task A_non_json_error_body_is_reported_verbatim()
    {
        using var harness = new ClientHarness(_server.BaseAddress);
        _server.EnqueuePredictFaults(new Fault(400, "plain words"));

        var error = await Expect.ThrowsAsync<InvalidModelInputException>(() => harness.Client.PredictAsync(target: null, ["x"], CancellationToken.None));

        Assert.That(error.Message, Is.EqualTo("plain words"));
    }

    [Test]
    public async Task A_closed_port_is_reported_as_unreachable_after_retrying()
    {
        int closedPort = FreePort.Next();
        using var harness = new ClientHarness(new Uri($"http://127.0.0.1:{closedPort}/"), new Dictionary<string, string?> { ["TfServing:MaxRetryAttempts"] = "2" });

        var error = await Expect.ThrowsAsync<ModelServerUnavailableException>(() => harness.Client.PredictAsync(target: null, ["x"], CancellationToken.None));

        Assert.That(error.TimedOut, Is.False);
        var retries = harness.Logs.Entries.Where(e => e.Category.EndsWith("Resilience", StringComparison.Ordinal) && e.Message.Contains("retry", StringComparison.Ordinal));
        Assert.That(retries.Select(e => e.Message).ToList(), Has.Count.EqualTo(2).And.All.Contains("(HttpRequestException)"));
    }

    [Test]
    public async Task Model_status_lists_versions_with_states_and_finds_the_served_one(CancellationToken cancellationToken)
    {
        using var harness = new ClientHarness(_server.BaseAddress);
        _server.Version = 12;

        var status = await harness.Client.GetModelStatusAsync(cancellationToken);

        Assert.That(status.Versions, Is.EqualTo(new[] { new ModelVersionState(12, "AVAILABLE", "OK", "") }));
        Assert.That(status.ServedVersion, Is.EqualTo(12));
    }

    [Test]
    public async Task Model_status_of_a_loading_model_is_not_available(CancellationToken cancellationToken)
    {
        using var harness = new ClientHarness(_server.BaseAddress);
        _server.State = "LOADING";

        var status = await harness.Client.GetModelStatusAsync(cancellationToken);

        Assert.That(status.IsAvailable, Is.False);
        Assert.That(status.IsLoading, Is.True);
    }

    [Test]
    public async Task Model_metadata_describes_both_signatures_with_types_and_shapes(CancellationToken cancellationToken)
    {
        using var harness = new ClientHarness(_server.BaseAddress);

        var metadata = await harness.Client.GetModelMetadataAsync(target: null, cancellationToken);

        Assert.That(metadata.Version, Is.EqualTo(7));
        Assert.That(metadata.Signatures.Select(s => s.Name), Is.EqualTo(new[] { "__saved_model_init_op", "serving_default", "tokenize" }));
        Assert.That(metadata.Signatures.Select(s => s.IsInternal), Is.EqualTo(new[] { true, false, false }));
        var serving = metadata.Signatures[1];
        Assert.That(serving.Inputs.Single(), Is.EqualTo(new TensorSummary("text", "DT_STRING", "[-1]", "text:0")));
        Assert.That(serving.Outputs.Select(o => o.Alias), Is.EqualTo(new[] { "label", "probability" }));
        Assert.That(metadata.Signatures[2].Outputs.Select(o => (o.Alias, o.Shape)), Is.EqualTo(new[] { ("token_count", "[-1]"), ("token_ids", "[-1, 50]") }));
        Assert.That(metadata.Signatures[0].Outputs.Single().Shape, Is.EqualTo("unknown rank"));
    }
}
