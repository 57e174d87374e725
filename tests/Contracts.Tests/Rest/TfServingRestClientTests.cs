using System.Text.Json.Nodes;
using TwitterSentiment.Contracts.Rest;

namespace TwitterSentiment.Contracts.Tests.Rest;

/// <summary>
/// The one TF Serving REST client core against a real loopback server: the paths it asks, how it splits texts into
/// requests, how it reads rows (NaN included), and which exception each failure becomes.
/// </summary>
public sealed class TfServingRestClientTests
{
    private static string Predictions(int count, Func<int, string> row) =>
        $"{{\"predictions\": [{string.Join(", ", Enumerable.Range(0, count).Select(row))}]}}";

    private static string SentimentRows(JsonObject request)
    {
        var instances = request["instances"]!.AsArray();
        return Predictions(instances.Count, i => $"{{\"probability\": 0.{i + 1}, \"label\": \"negative\"}}");
    }

    [Test]
    public async Task Predict_sends_the_signature_in_batches_and_returns_the_rows_in_order(CancellationToken cancellationToken)
    {
        await using var server = new ScriptedServer(request => ScriptedServer.Ok(SentimentRows(JsonNode.Parse(request.Body)!.AsObject())));
        using var http = new HttpClient();
        var client = server.Client(http, batchSize: 2);
        var progress = new List<int>();

        var predictions = await client.PredictAsync(null, "serving_default", ["a", "b", "c", "d", "e"], cancellationToken);
        var probabilities = await client.PredictProbabilitiesAsync(null, "serving_default", ["a", "b", "c"], new SynchronousProgress(progress.Add), cancellationToken);

        var bodies = server.Requests.Select(r => JsonNode.Parse(r.Body)!).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(server.Requests.Select(r => (r.Method, r.Path)), Has.All.EqualTo(("POST", "/v1/models/sentiment:predict")));
            Assert.That(bodies.Select(b => b["instances"]!.AsArray().Count), Is.EqualTo(new[] { 2, 2, 1, 2, 1 }));
            Assert.That(bodies.Select(b => (string?)b["signature_name"]), Has.All.EqualTo("serving_default"));
            Assert.That(predictions.Select(p => p.Probability), Is.EqualTo(new[] { 0.1, 0.2, 0.1, 0.2, 0.1 }));
            Assert.That(probabilities, Is.EqualTo(new[] { 0.1, 0.2, 0.1 }));
            Assert.That(progress, Is.EqualTo(new[] { 2, 3 }), "texts answered after each request");
        });
    }

    [Test]
    public async Task Versions_labels_escaped_names_and_a_path_prefix_make_the_paths(CancellationToken cancellationToken)
    {
        await using var server = new ScriptedServer(request => request.Path.EndsWith("/metadata", StringComparison.Ordinal)
            ? ScriptedServer.Ok("{\"model_spec\": {\"name\": \"my model\", \"version\": \"3\"}, \"metadata\": {}}")
            : ScriptedServer.Ok(SentimentRows(JsonNode.Parse(request.Body)!.AsObject())), pathPrefix: "proxy/tf");
        using var http = new HttpClient();
        var client = server.Client(http, modelName: "my model");

        var metadata = await client.GetMetadataAsync(ModelTarget.ForVersion(3), cancellationToken);
        await client.PredictAsync(ModelTarget.ForLabel("stable"), "serving_default", ["x"], cancellationToken);

        Assert.That(server.Requests.Select(r => r.Path), Is.EqualTo(new[]
        {
            "/proxy/tf/v1/models/my%20model/versions/3/metadata",
            "/proxy/tf/v1/models/my%20model/labels/stable:predict",
        }));
        Assert.That((metadata.ModelName, metadata.Version), Is.EqualTo(("my model", (long?)3)));
    }

    [Test]
    public async Task Bare_NaN_and_Infinity_from_TF_Serving_are_read_as_numbers(CancellationToken cancellationToken)
    {
        await using var server = new ScriptedServer(_ => ScriptedServer.Ok(
            "{\"predictions\": [{\"probability\": NaN, \"label\": \"negative\"}, {\"probability\": Infinity, \"label\": \"positive\"}, {\"probability\": -Infinity, \"label\": \"NaN\"}]}"));
        using var http = new HttpClient();

        var predictions = await server.Client(http).PredictAsync(null, "serving_default", ["a", "b", "c"], cancellationToken);

        Assert.That(predictions.Select(p => p.Probability), Is.EqualTo(new[] { double.NaN, double.PositiveInfinity, double.NegativeInfinity }));
        Assert.That(predictions.Select(p => p.Label), Is.EqualTo(new[] { "negative", "positive", "NaN" }), "a token inside a string stays text");
    }

    [Test]
    public async Task Probabilities_are_read_from_any_row_shape_but_a_prediction_needs_its_label(CancellationToken cancellationToken)
    {
        await using var server = new ScriptedServer(_ => ScriptedServer.Ok("{\"predictions\": [0.25, [0.5], {\"probability\": [0.75]}]}"));
        using var http = new HttpClient();
        var client = server.Client(http);

        var probabilities = await client.PredictProbabilitiesAsync(null, "serving_default", ["a", "b", "c"], null, cancellationToken);
        var error = Assert.ThrowsAsync<UnexpectedModelResponseException>(() => client.PredictAsync(null, "serving_default", ["a", "b", "c"], cancellationToken));

        Assert.That(probabilities, Is.EqualTo(new[] { 0.25, 0.5, 0.75 }));
        Assert.That(error?.Message, Does.Contain("is the signature the sentiment one"));
    }

    [TestCase(404, typeof(ModelNotFoundException))]
    [TestCase(400, typeof(InvalidModelInputException))]
    [TestCase(503, typeof(ModelServerUnavailableException))]
    [TestCase(500, typeof(ModelServerUnavailableException))]
    [TestCase(429, typeof(ModelServerUnavailableException))]
    [TestCase(504, typeof(ModelServerUnavailableException))]
    [TestCase(418, typeof(UnexpectedModelResponseException))]
    public async Task Each_status_becomes_its_exception_carrying_TF_Servings_own_message(int status, Type expected)
    {
        await using var server = new ScriptedServer(_ => new ScriptedAnswer(status, "{ \"error\": \"Servable not found for request: Latest(sentiment)\" }"));
        using var http = new HttpClient();

        var error = Assert.CatchAsync<TfServingException>(() => server.Client(http).GetStatusAsync(CancellationToken.None));

        Assert.Multiple(() =>
        {
            Assert.That(error, Is.TypeOf(expected));
            Assert.That(error?.StatusCode, Is.EqualTo(status));
            Assert.That(error?.ServerMessage, Is.EqualTo("Servable not found for request: Latest(sentiment)"));
            Assert.That(error?.Message, Does.Contain("Servable not found for request"));
            Assert.That(error?.Request, Is.EqualTo($"GET {server.BaseAddress}v1/models/sentiment"));
            Assert.That((error as ModelServerUnavailableException)?.TimedOut, Is.EqualTo(status == 504 ? true : error is ModelServerUnavailableException ? false : null));
        });
    }

    [TestCase("plain words", "plain words")]
    [TestCase("line one\r\n  line two\n", "line one line two")]
    [TestCase("", null)]
    [TestCase("{\"error\": \"\"}", "{\"error\": \"\"}")]
    public async Task A_body_that_is_not_TF_Servings_error_is_shown_as_one_line_or_not_at_all(string body, string? shown)
    {
        await using var server = new ScriptedServer(_ => new ScriptedAnswer(503, body));
        using var http = new HttpClient();

        var error = Assert.ThrowsAsync<ModelServerUnavailableException>(() => server.Client(http).GetStatusAsync(CancellationToken.None));

        Assert.That(error?.ServerMessage, Is.EqualTo(shown));
        Assert.That(error?.Message, Does.EndWith(shown ?? "HTTP 503"));
    }

    [Test]
    public async Task A_long_error_body_is_shortened()
    {
        await using var server = new ScriptedServer(_ => new ScriptedAnswer(500, new string('x', 1000)));
        using var http = new HttpClient();

        var error = Assert.ThrowsAsync<ModelServerUnavailableException>(() => server.Client(http).GetStatusAsync(CancellationToken.None));

        Assert.That(error?.ServerMessage, Is.EqualTo(new string('x', 300) + "…"));
    }

    [TestCase("not json", "not valid JSON")]
    [TestCase("{\"outputs\": []}", "has no \"predictions\"")]
    [TestCase("{\"predictions\": [{\"probability\": 0.5, \"label\": \"positive\"}]}", "1 predictions for 2 texts")]
    [TestCase("null", "empty answer")]
    public async Task An_answer_of_the_wrong_shape_is_an_unexpected_response(string body, string message)
    {
        await using var server = new ScriptedServer(_ => ScriptedServer.Ok(body));
        using var http = new HttpClient();

        var error = Assert.ThrowsAsync<UnexpectedModelResponseException>(() => server.Client(http).PredictAsync(null, "serving_default", ["x", "y"], CancellationToken.None));

        Assert.That(error?.Message, Does.Contain(message));
    }

    [Test]
    public async Task Tokenize_gives_ids_and_the_count_before_the_cut_and_tolerates_exports_without_a_count(CancellationToken cancellationToken)
    {
        await using var server = new ScriptedServer(_ => ScriptedServer.Ok(
            "{\"predictions\": [{\"token_ids\": [5, 1, 0], \"token_count\": 2}, {\"token_ids\": [5, 6, 7], \"token_count\": 9}, {\"token_ids\": [5, 6, 7], \"token_count\": 3}, [4, 0, 0]]}"));
        using var http = new HttpClient();

        var tokenized = await server.Client(http).TokenizeAsync(null, ["a", "b", "c", "d"], cancellationToken);

        var request = JsonNode.Parse(server.Requests.Single().Body)!;
        Assert.Multiple(() =>
        {
            Assert.That((string?)request["signature_name"], Is.EqualTo(ServingContract.TokenizeSignature));
            Assert.That(tokenized.Select(t => t.TokenIds), Is.EqualTo(new[] { new long[] { 5, 1, 0 }, [5, 6, 7], [5, 6, 7], [4, 0, 0] }));
            Assert.That(tokenized.Select(t => t.TokenCount), Is.EqualTo(new long?[] { 2, 9, 3, null }));
            Assert.That(tokenized.Select(t => t.WasCut), Is.EqualTo(new bool?[] { false, true, false, null }));
        });
    }

    [Test]
    public async Task Model_info_is_the_exports_json_or_null_for_an_export_without_the_signature(CancellationToken cancellationToken)
    {
        bool hasSignature = true;
        await using var server = new ScriptedServer(_ => hasSignature
            ? ScriptedServer.Ok("{\"predictions\": [\"{\\\"run\\\":\\\"r1\\\"}\"]}")
            : new ScriptedAnswer(400, "{\"error\": \"Serving signature name: \\\"model_info\\\" not found in signature def\"}"));
        using var http = new HttpClient();
        var client = server.Client(http);

        string? json = await client.GetModelInfoJsonAsync(ModelTarget.ForVersion(2), cancellationToken);
        hasSignature = false;
        string? absent = await client.GetModelInfoJsonAsync(null, cancellationToken);

        Assert.That(json, Is.EqualTo("{\"run\":\"r1\"}"));
        Assert.That(absent, Is.Null);
        Assert.That(server.Requests.First().Path, Is.EqualTo("/v1/models/sentiment/versions/2:predict"));
    }

    [Test]
    public async Task Model_status_lists_versions_newest_first_with_int64_numbers_as_strings(CancellationToken cancellationToken)
    {
        await using var server = new ScriptedServer(_ => ScriptedServer.Ok("""
            {"model_version_status": [
              {"version": "2", "state": "AVAILABLE", "status": {"error_code": "OK", "error_message": ""}},
              {"version": "3", "state": "END", "status": {"error_code": "NOT_FOUND", "error_message": "gone"}}]}
            """));
        using var http = new HttpClient();

        var status = await server.Client(http).GetStatusAsync(cancellationToken);

        Assert.That(status.Versions, Is.EqualTo(new[] { new ModelVersionState(3, "END", "NOT_FOUND", "gone"), new ModelVersionState(2, "AVAILABLE", "OK", "") }));
        Assert.That(status.ServedVersion, Is.EqualTo(2));
    }

    [Test]
    public async Task Metadata_describes_every_signature_with_its_tensors()
    {
        await using var server = new ScriptedServer(_ => ScriptedServer.Ok("""
            {"model_spec": {"name": "sentiment", "version": "1"}, "metadata": {"signature_def": {"signature_def": {
              "tokenize": {"inputs": {"text": {"dtype": "DT_STRING", "tensor_shape": {"dim": [{"size": "-1"}]}, "name": "text:0"}},
                           "outputs": {"token_ids": {"dtype": "DT_INT64", "tensor_shape": {"dim": [{"size": "-1"}, {"size": "50"}]}, "name": "token_ids:0"},
                                       "token_count": {"dtype": "DT_INT64", "tensor_shape": {"dim": [{"size": "-1"}]}, "name": "tokenizer/token_count:0"}},
                           "method_name": "tensorflow/serving/predict"},
              "__saved_model_init_op": {"outputs": {"__saved_model_init_op": {"dtype": "DT_INVALID", "tensor_shape": {"unknown_rank": true}, "name": "init_all_tables"}}}}}}}
            """));
        using var http = new HttpClient();

        var metadata = await server.Client(http).GetMetadataAsync(null, CancellationToken.None);

        var tokenize = metadata.Signatures.Single(s => s.Name == ServingContract.TokenizeSignature);
        Assert.That(metadata.Signatures.Select(s => s.Name), Is.EqualTo(new[] { "__saved_model_init_op", "tokenize" }));
        Assert.That(tokenize.Outputs.Select(t => (t.Alias, t.DType, t.Shape)), Is.EqualTo(new[] { ("token_count", "DT_INT64", "[-1]"), ("token_ids", "DT_INT64", "[-1, 50]") }));
        Assert.That(metadata.Signatures[0].Outputs.Single().Shape, Is.EqualTo("unknown rank"));
    }

    [Test]
    public async Task A_closed_port_is_unreachable_and_a_hung_server_has_timed_out()
    {
        using var closed = new HttpClient();
        var refused = new TfServingRestClient(Configure(closed, new Uri($"http://127.0.0.1:{FreePort.Next()}/")), ServingContract.ModelName, 8);
        await using var hung = new LoopbackHttpServer(LoopbackHttpServer.Silent());
        using var impatient = new HttpClient { Timeout = TimeSpan.FromMilliseconds(200) };
        var silent = new TfServingRestClient(Configure(impatient, hung.BaseAddress), ServingContract.ModelName, 8);

        var unreachable = Assert.ThrowsAsync<ModelServerUnavailableException>(() => refused.GetStatusAsync(CancellationToken.None));
        var timedOut = Assert.ThrowsAsync<ModelServerUnavailableException>(() => silent.GetStatusAsync(CancellationToken.None));

        Assert.That(unreachable?.TimedOut, Is.False);
        Assert.That(unreachable?.StatusCode, Is.Null);
        Assert.That(unreachable?.InnerException, Is.InstanceOf<HttpRequestException>());
        Assert.That(timedOut?.TimedOut, Is.True);
        Assert.That(timedOut?.Request, Does.StartWith("GET ").And.EndWith("/v1/models/sentiment"));
    }

    [Test]
    public async Task The_callers_own_cancellation_is_not_reported_as_a_timeout()
    {
        await using var hung = new LoopbackHttpServer(LoopbackHttpServer.Silent());
        using var http = new HttpClient();
        var client = new TfServingRestClient(Configure(http, hung.BaseAddress), ServingContract.ModelName, 8);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        Assert.CatchAsync<OperationCanceledException>(() => client.GetStatusAsync(cancel.Token));
    }

    [Test]
    public void A_model_name_outside_the_rule_and_an_empty_batch_are_refused()
    {
        using var http = new HttpClient();

        Assert.Throws<ArgumentException>(() => _ = new TfServingRestClient(http, "a/b", 8));
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new TfServingRestClient(http, ServingContract.ModelName, 0));
    }

    private static HttpClient Configure(HttpClient http, Uri server)
    {
        http.BaseAddress = ServingPaths.BaseAddress(server);
        return http;
    }

    /// <summary>Reports on the calling thread, so the list is complete when the call returns.</summary>
    private sealed class SynchronousProgress(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }
}
