using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;

namespace TwitterSentiment.WebClient.Tests.Fakes;

/// <summary>A cookie-keeping HTTP client that fills in forms the way a browser without JavaScript would.</summary>
public sealed partial class SiteClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly CookieContainer _cookies = new();
    private readonly Uri _site;

    public SiteClient(Uri site)
    {
        _site = site;
        _http = new HttpClient(new HttpClientHandler { CookieContainer = _cookies, AllowAutoRedirect = false }) { BaseAddress = site };
    }

    /// <summary>The cookies the site set, as a Cookie header, for requests made with another client.</summary>
    public string Cookies => _cookies.GetCookieHeader(_site);

    public Task<HttpResponseMessage> GetAsync(string path, CancellationToken cancellationToken) => _http.GetAsync(path, cancellationToken);

    public async Task<string> GetPageAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(path, cancellationToken);
        return await response.Content.ReadAsStringAsync(cancellationToken);
    }

    /// <summary>GETs the page for its antiforgery token, then POSTs the fields like its form would.</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string path, IDictionary<string, string> fields, CancellationToken cancellationToken) =>
        await PostFormWithTokenAsync(path, fields, await AntiforgeryTokenAsync(path, cancellationToken), cancellationToken);

    /// <summary>POSTs the fields with a token from <see cref="AntiforgeryTokenAsync"/> (when the test must not count the page's GET).</summary>
    public async Task<HttpResponseMessage> PostFormWithTokenAsync(string path, IDictionary<string, string> fields, string token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var content = new FormUrlEncodedContent(fields.Append(new("__RequestVerificationToken", token)));
        return await _http.PostAsync(path, content, cancellationToken);
    }

    /// <param name="expectContinue">
    /// Send <c>Expect: 100-continue</c> and the body only once the server asks for it, as curl does for large
    /// bodies. A server that answers an oversized upload without reading it then never breaks the pipe mid-send.
    /// </param>
    public async Task<HttpResponseMessage> PostFileAsync(string path, string fieldName, string fileName, byte[] file, CancellationToken cancellationToken, bool expectContinue = false)
    {
        string token = await AntiforgeryTokenAsync(path, cancellationToken);
        using var content = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
        };
        var fileContent = new ByteArrayContent(file);
        fileContent.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        content.Add(fileContent, fieldName, fileName);
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        request.Headers.ExpectContinue = expectContinue;
        return await _http.SendAsync(request, cancellationToken);
    }

    public async Task<string> PostFormForPageAsync(string path, IDictionary<string, string> fields, CancellationToken cancellationToken)
    {
        using var response = await PostFormAsync(path, fields, cancellationToken);
        return await response.Content.ReadAsStringAsync(cancellationToken);
    }

    /// <summary>Page text with HTML entities decoded, for comparing messages.</summary>
    public static string Text(string html) => WebUtility.HtmlDecode(html);

    /// <summary>What a reader sees of <paramref name="html"/>: tags removed, entities decoded, whitespace collapsed.</summary>
    public static string Visible(string html) =>
        Regex.Replace(WebUtility.HtmlDecode(Regex.Replace(html, "<[^>]+>", " ")), @"\s+", " ").Trim();

    public static string? HiddenValue(string html, string name)
    {
        var input = Regex.Match(html, $"<input[^>]*name=\"{Regex.Escape(name)}\"[^>]*>");
        var value = Regex.Match(input.Value, "value=\"([^\"]*)\"");
        return value.Success ? WebUtility.HtmlDecode(value.Groups[1].Value) : null;
    }

    public void Dispose() => _http.Dispose();

    /// <summary>The antiforgery token of the form on <paramref name="path"/> (its cookie is kept).</summary>
    public async Task<string> AntiforgeryTokenAsync(string path, CancellationToken cancellationToken)
    {
        string page = await GetPageAsync(path, cancellationToken);
        var match = TokenPattern().Match(page);
        Assert.That(match.Success, Is.True, $"{path} has no antiforgery token");
        return match.Groups[1].Value;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
