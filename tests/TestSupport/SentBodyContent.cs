using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace TwitterSentiment.TestSupport;

/// <summary>
/// A UTF-8 request body that says when its last byte has been handed to the connection: a test that must act while the
/// server works on a request (signal it, send a second request) waits for <see cref="Sent"/> instead of guessing a delay.
/// </summary>
public sealed class SentBodyContent : HttpContent
{
    private readonly byte[] _bytes;
    private readonly TaskCompletionSource _sent = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public SentBodyContent(string text, string mediaType = "application/json")
    {
        _bytes = Encoding.UTF8.GetBytes(text);
        Headers.ContentType = new MediaTypeHeaderValue(mediaType);
    }

    /// <summary>Completes once the whole body is written to the connection (the server may still be reading it).</summary>
    public Task Sent => _sent.Task;

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        await stream.WriteAsync(_bytes, cancellationToken);
        await stream.FlushAsync(cancellationToken);
        _sent.TrySetResult();
    }

    protected override bool TryComputeLength(out long length)
    {
        length = _bytes.Length;
        return true;
    }
}
