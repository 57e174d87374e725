using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using TwitterSentiment.Serving.Tests.Infrastructure;
using TwitterSentiment.Serving.Tests.Targets;
using TwitterSentiment.Trainer.Text;

namespace TwitterSentiment.Serving.Tests.Contract;

/// <summary>
/// TF Serving's REST contract as its docs (g3doc/api_rest.md) and sources (http_rest_api_handler.cc,
/// json_tensor.cc, get_model_status_impl.cc, server_core.cc) define it, run against every target: the local
/// server always, the real tensorflow/serving image where Docker can pull it. The shared tiny models are served as
/// versions 1 (with the lexicon) and 2 (without) (policy "all"), labelled stable = 1 and canary = 2.
/// </summary>
[TestFixture(ServingTargets.LocalServer)]
[TestFixture(ServingTargets.TensorFlowServing)]
[NonParallelizable]
[CancelAfter(120_000)]
public sealed class RestContractTests(string targetKind) : ServedModelsFixture
{
    private const string Model = ServingSetup.ModelName;
    private static readonly string[] Tweets = ["I love this so much!", "worst day ever, I hate it", "@friend check http://x.co"];


    private static TinyModel Version1 => TinyModels.Lexicon;

    private static TinyModel Version2 => TinyModels.Plain;

    private HttpClient Client => Target.Client;

    [OneTimeSetUp]
    public Task StartServerAsync() => StartServingAsync(targetKind, "contract-models", basePath =>
    {
        Version1.AddVersionTo(basePath, 1);
        Version2.AddVersionTo(basePath, 2);
        return new ServingSetup(basePath) { Labels = new Dictionary<string, long> { ["stable"] = 1, ["canary"] = 2 } };
    });

    // ---- model status -------------------------------------------------------------------------------------

    [Test]
    public async Task Model_status_lists_every_served_version_as_available_with_an_OK_status(CancellationToken ct)
    {
        var response = await Client.GetRestAsync($"/v1/models/{Model}", ct);

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.OK), response.ToString);
        Assert.That(response.ContentType, Is.EqualTo("application/json"));
        var versions = response.Json.At("model_version_status").Items();
        Assert.That(versions.Select(v => v.At("version").Text()), Is.EquivalentTo(new[] { "1", "2" }), "versions are int64 printed as JSON strings");
        Assert.That(versions.Select(v => v.At("state").Text()), Is.All.EqualTo("AVAILABLE"));
        Assert.That(versions.Select(v => v.At("status").At("error_code").Text()), Is.All.EqualTo("OK"));
        Assert.That(versions.Select(v => v.At("status").At("error_message").Text()), Is.All.EqualTo(""), "proto3 JSON with fields always printed");
    }

    [Test]
    public async Task Status_of_one_version_lists_only_that_version(CancellationToken ct)
    {
        var response = await Client.GetRestAsync($"/v1/models/{Model}/versions/1", ct);

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.OK), response.ToString);
        var versions = response.Json.At("model_version_status").Items();
        Assert.That(versions, Has.Count.EqualTo(1));
        Assert.That(versions.At(0).At("version").Text(), Is.EqualTo("1"));
    }

    [Test]
    public async Task Status_by_label_lists_all_versions_because_GetModelStatus_ignores_labels(CancellationToken ct)
    {
        var response = await Client.GetRestAsync($"/v1/models/{Model}/labels/no-such-label", ct);

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.OK), response.ToString);
        Assert.That(response.Json.At("model_version_status").Items(), Has.Count.EqualTo(2));
    }

    [Test]
    public async Task Status_of_an_unknown_version_is_not_found(CancellationToken ct)
    {
        var response = await Client.GetRestAsync($"/v1/models/{Model}/versions/99", ct);

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.NotFound), response.ToString);
        Assert.That(response.Error, Is.EqualTo($"Could not find version 99 of model {Model}"));
    }

    [Test]
    public async Task Status_of_an_unknown_model_is_not_found(CancellationToken ct)
    {
        var response = await Client.GetRestAsync("/v1/models/no_such_model", ct);

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.NotFound), response.ToString);
        Assert.That(response.Error, Is.EqualTo("Could not find any versions of model no_such_model"));
    }

    [Test]
    public async Task Status_without_a_model_name_is_a_bad_request(CancellationToken ct)
    {
        var response = await Client.GetRestAsync("/v1/models", ct);

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.BadRequest), response.ToString);
        Assert.That(response.Error, Is.EqualTo("Missing model name in request."));
    }

    // ---- metadata -----------------------------------------------------------------------------------------

    [Test]
    public async Task Metadata_describes_the_latest_version_and_both_signatures(CancellationToken ct)
    {
        var response = await Client.GetRestAsync($"/v1/models/{Model}/metadata", ct);

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.OK), response.ToString);
        var json = response.Json;
        Assert.That(json.At("model_spec").ToJsonString(), Is.EqualTo("""{"name":"sentiment","signature_name":"","version":"2"}"""));
        var signatures = json.At("metadata").At("signature_def").At("signature_def");
        var serving = signatures.At("serving_default");
        Assert.That(serving.At("method_name").Text(), Is.EqualTo("tensorflow/serving/predict"));
        Assert.That(serving.At("inputs").At("text").At("dtype").Text(), Is.EqualTo("DT_STRING"));
        Assert.That(serving.At("inputs").At("text").At("tensor_shape").ToJsonString(), Is.EqualTo("""{"dim":[{"size":"-1","name":""}],"unknown_rank":false}"""));
        Assert.That(serving.At("outputs").At("probability").At("dtype").Text(), Is.EqualTo("DT_FLOAT"));
        Assert.That(serving.At("outputs").At("label").At("dtype").Text(), Is.EqualTo("DT_STRING"));
        var tokenIds = signatures.At("tokenize").At("outputs").At("token_ids");
        Assert.That(tokenIds.At("dtype").Text(), Is.EqualTo("DT_INT64"));
        Assert.That(tokenIds.At("tensor_shape").At("dim").Items().Select(d => d.At("size").Text()),
            Is.EqualTo(new[] { "-1", Version2.SequenceLength.ToString(System.Globalization.CultureInfo.InvariantCulture) }));
    }

    [Test]
    public async Task Metadata_by_label_names_the_labelled_version(CancellationToken ct)
    {
        var response = await Client.GetRestAsync($"/v1/models/{Model}/labels/stable/metadata", ct);

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.OK), response.ToString);
        Assert.That(response.Json.At("model_spec").At("version").Text(), Is.EqualTo("1"));
    }

    [Test]
    public async Task Metadata_of_an_unknown_model_is_not_found(CancellationToken ct)
    {
        var response = await Client.GetRestAsync("/v1/models/no_such_model/metadata", ct);

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.NotFound), response.ToString);
        Assert.That(response.Error, Is.EqualTo("Servable not found for request: Latest(no_such_model)"));
    }

    // ---- predict ------------------------------------------------------------------------------------------

    [Test]
    public async Task Predict_in_row_format_returns_one_probability_and_label_per_instance(CancellationToken ct)
    {
        var response = await PredictAsync($"/v1/models/{Model}:predict", new JsonObject { ["instances"] = Strings(Tweets) }, ct);

        var predictions = response.Json.At("predictions").Items();
        Assert.That(predictions, Has.Count.EqualTo(Tweets.Length));
        float[] expected = Version2.Predict(Tweets);
        for (int i = 0; i < Tweets.Length; i++)
        {
            double probability = predictions.At(i).At("probability").Number();
            Assert.That(probability, Is.EqualTo(expected[i]).Within(1e-4), $"P(positive) of \"{Tweets[i]}\" (version 2, the latest)");
            Assert.That(predictions.At(i).At("label").Text(), Is.EqualTo(probability > 0.5 ? "positive" : "negative"));
        }
    }

    [Test]
    public async Task Predict_in_columnar_format_returns_one_list_per_output(CancellationToken ct)
    {
        var response = await PredictAsync($"/v1/models/{Model}:predict", new JsonObject { ["inputs"] = Strings(Tweets) }, ct);

        var outputs = response.Json.At("outputs");
        Assert.That(outputs.At("probability").Items(), Has.Count.EqualTo(Tweets.Length));
        Assert.That(outputs.At("label").Items(), Has.Count.EqualTo(Tweets.Length));
        Assert.That(outputs.At("probability").At(0).Number(), Is.EqualTo(Version2.Predict(Tweets)[0]).Within(1e-4));
    }

    [Test]
    public async Task Predict_accepts_named_instances_and_base64_strings(CancellationToken ct)
    {
        string base64 = Convert.ToBase64String(Encoding.UTF8.GetBytes(Tweets[0]));
        var body = new JsonObject
        {
            ["instances"] = new JsonArray(new JsonObject { ["text"] = Tweets[0] }, new JsonObject { ["text"] = new JsonObject { ["b64"] = base64 } }),
        };

        var response = await PredictAsync($"/v1/models/{Model}:predict", body, ct);

        var predictions = response.Json.At("predictions").Items();
        Assert.That(predictions.At(1).At("probability").Number(), Is.EqualTo(predictions.At(0).At("probability").Number()));
    }

    [Test]
    public async Task Predict_on_a_version_or_a_label_uses_that_version(CancellationToken ct)
    {
        var body = new JsonObject { ["instances"] = Strings(Tweets) };
        float[] expected = Version1.Predict(Tweets);

        var byVersion = await PredictAsync($"/v1/models/{Model}/versions/1:predict", body.DeepClone(), ct);
        var byLabel = await PredictAsync($"/v1/models/{Model}/labels/stable:predict", body.DeepClone(), ct);

        Assert.That(byVersion.Json.At("predictions").At(1).At("probability").Number(), Is.EqualTo(expected[1]).Within(1e-4));
        Assert.That(byLabel.Body, Is.EqualTo(byVersion.Body));
    }

    [Test]
    public async Task The_tokenize_signature_returns_the_ids_and_the_token_count_the_trainer_computes(CancellationToken ct)
    {
        string[] tweets = [.. Tweets, string.Join(' ', Enumerable.Repeat("so very good", 10))];
        var body = new JsonObject { ["signature_name"] = "tokenize", ["instances"] = Strings(tweets) };

        var response = await PredictAsync($"/v1/models/{Model}:predict", body, ct);

        var predictions = response.Json.At("predictions").Items();
        for (int i = 0; i < tweets.Length; i++)
        {
            Assert.That(predictions.At(i).At("token_ids").Items().Select(id => id.Integer()), Is.EqualTo(Version2.TokenIds(tweets[i])), tweets[i]);
            Assert.That(predictions.At(i).At("token_count").Integer(), Is.EqualTo(TweetTokenizer.Default.Tokenize(tweets[i]).Count), tweets[i]);
        }

        Assert.That(predictions.At(tweets.Length - 1).At("token_count").Integer(), Is.GreaterThan(Version2.SequenceLength), "the count goes past the cut");
    }

    [Test]
    public async Task Concurrent_requests_each_get_their_own_answer(CancellationToken ct)
    {
        var single = await Task.WhenAll(Tweets.Select(t => PredictAsync($"/v1/models/{Model}:predict", new JsonObject { ["instances"] = Strings([t]) }, ct)));

        var concurrent = await Task.WhenAll(Enumerable.Range(0, 24).Select(i =>
            PredictAsync($"/v1/models/{Model}:predict", new JsonObject { ["instances"] = Strings([Tweets[i % Tweets.Length]]) }, ct)));

        for (int i = 0; i < concurrent.Length; i++)
        {
            Assert.That(concurrent[i].Body, Is.EqualTo(single[i % Tweets.Length].Body));
        }
    }

    // ---- predict errors -----------------------------------------------------------------------------------

    [Test]
    public async Task Predict_on_an_unknown_model_is_not_found(CancellationToken ct)
    {
        var response = await Client.PostRestAsync("/v1/models/no_such_model:predict", """{"instances": ["a"]}""", ct);

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.NotFound), response.ToString);
        Assert.That(response.Error, Is.EqualTo("Servable not found for request: Latest(no_such_model)"));
    }

    [Test]
    public async Task Predict_on_an_unknown_version_is_not_found(CancellationToken ct)
    {
        var response = await Client.PostRestAsync($"/v1/models/{Model}/versions/99:predict", """{"instances": ["a"]}""", ct);

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.NotFound), response.ToString);
        Assert.That(response.Error, Is.EqualTo($"Servable not found for request: Specific({Model}, 99)"));
    }

    [Test]
    public async Task Predict_on_an_unknown_label_is_an_invalid_argument(CancellationToken ct)
    {
        var response = await Client.PostRestAsync($"/v1/models/{Model}/labels/nightly:predict", """{"instances": ["a"]}""", ct);

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.BadRequest), response.ToString);
        Assert.That(response.Error, Is.EqualTo("Unrecognized servable version label: nightly"));
    }

    [Test]
    public async Task A_version_and_a_label_together_match_no_route(CancellationToken ct)
    {
        var response = await Client.PostRestAsync($"/v1/models/{Model}/versions/1/labels/stable:predict", """{"instances": ["a"]}""", ct);

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.BadRequest), response.ToString);
        Assert.That(response.Error, Is.EqualTo($"Malformed request: POST /v1/models/{Model}/versions/1/labels/stable:predict"));
    }

    [Test]
    public async Task Predict_with_an_unknown_signature_is_a_bad_request(CancellationToken ct)
    {
        var response = await Client.PostRestAsync($"/v1/models/{Model}:predict", """{"signature_name": "nope", "instances": ["a"]}""", ct);

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.BadRequest), response.ToString);
        Assert.That(response.Error, Is.EqualTo("Serving signature name: \"nope\" not found in signature def"));
    }

    [TestCase("{\"instances\": [", TestName = "Bad JSON (truncated) is a bad request naming the parse error")]
    [TestCase("{instances: [\"a\"]}", TestName = "Bad JSON (unquoted key) is a bad request naming the parse error")]
    public async Task Bad_json_is_a_bad_request(string body)
    {
        var response = await Client.PostRestAsync($"/v1/models/{Model}:predict", body, CancellationToken.None);

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.BadRequest), response.ToString);
        Assert.That(response.Error, Does.StartWith("JSON Parse error: "));
    }

    [Test]
    public async Task An_empty_body_is_the_empty_document_error(CancellationToken ct)
    {
        var response = await Client.PostRestAsync($"/v1/models/{Model}:predict", "", ct);

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.BadRequest), response.ToString);
        Assert.That(response.Error, Is.EqualTo("JSON Parse error: The document is empty"));
    }

    [Test]
    public async Task A_number_where_the_signature_wants_a_string_is_a_bad_request(CancellationToken ct)
    {
        var response = await Client.PostRestAsync($"/v1/models/{Model}:predict", """{"instances": [42]}""", ct);

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.BadRequest), response.ToString);
        Assert.That(response.Error, Does.Contain("JSON Value: 42 Type: Number is not of expected type: string"));
    }

    [Test]
    public async Task Both_instances_and_inputs_is_a_bad_request(CancellationToken ct)
    {
        var response = await Client.PostRestAsync($"/v1/models/{Model}:predict", """{"instances": ["a"], "inputs": ["b"]}""", ct);

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.BadRequest), response.ToString);
        Assert.That(response.Error, Does.Contain("Not formatted correctly expecting only one of 'inputs' or 'instances' keys to exist"));
    }

    [Test]
    public async Task Neither_instances_nor_inputs_is_a_bad_request(CancellationToken ct)
    {
        var response = await Client.PostRestAsync($"/v1/models/{Model}:predict", """{"signature_name": "serving_default"}""", ct);

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.BadRequest), response.ToString);
        Assert.That(response.Error, Is.EqualTo("Missing 'inputs' or 'instances' key"));
    }

    [Test]
    public async Task Empty_instances_is_a_bad_request(CancellationToken ct)
    {
        var response = await Client.PostRestAsync($"/v1/models/{Model}:predict", """{"instances": []}""", ct);

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.BadRequest), response.ToString);
        Assert.That(response.Error, Does.Contain("No values in 'instances' array"));
    }

    [Test]
    public async Task An_oversized_body_is_refused_with_a_json_error(CancellationToken ct)
    {
        if (!Target.LimitsRequestBody)
        {
            Assert.Ignore("TF Serving's HTTP server (libevent) sets no body size limit; only the local server refuses oversized bodies.");
        }

        string body = $$"""{"instances": ["{{new string('a', 17 * 1024 * 1024)}}"]}""";

        var response = await Client.PostRestAsync($"/v1/models/{Model}:predict", body, ct);

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge), response.ToString);
        Assert.That(response.ContentType, Is.EqualTo("application/json"));
        Assert.That(response.Error, Does.Contain("limit"));
    }

    // ---- other routes -------------------------------------------------------------------------------------

    [Test]
    public async Task Classify_on_a_predict_signature_is_a_bad_request(CancellationToken ct)
    {
        var response = await Client.PostRestAsync($"/v1/models/{Model}:classify", """{"examples": [{"text": "a"}]}""", ct);

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.BadRequest), response.ToString);
        Assert.That(response.Error, Does.StartWith("No classification inputs found in SignatureDef"));
    }

    [Test]
    public async Task Regress_on_a_two_output_signature_is_a_bad_request(CancellationToken ct)
    {
        var response = await Client.PostRestAsync($"/v1/models/{Model}:regress", """{"examples": [{"text": "a"}]}""", ct);

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.BadRequest), response.ToString);
        Assert.That(response.Error, Is.EqualTo("Expected one output Tensor."));
    }

    [Test]
    public async Task Another_method_under_v1_is_a_malformed_request(CancellationToken ct)
    {
        var response = await Client.SendRestAsync(HttpMethod.Delete, $"/v1/models/{Model}", null, ct);

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.BadRequest), response.ToString);
        Assert.That(response.Error, Is.EqualTo($"Malformed request: DELETE /v1/models/{Model}"));
    }

    [Test]
    public async Task A_path_outside_v1_is_a_plain_not_found(CancellationToken ct)
    {
        var response = await Client.GetRestAsync("/models/sentiment", ct);

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.NotFound), response.ToString);
        Assert.That(response.ContentType, Is.Not.EqualTo("application/json"));
    }

    private static JsonArray Strings(IEnumerable<string> texts) => new([.. texts.Select(t => (JsonNode?)JsonValue.Create(t))]);

    private async Task<RestResponse> PredictAsync(string path, JsonNode body, CancellationToken ct)
    {
        var response = await Client.PostRestAsync(path, body, ct);
        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.OK), () => $"{response}\n{Target.Describe()}");
        Assert.That(response.ContentType, Is.EqualTo("application/json"));
        return response;
    }
}
