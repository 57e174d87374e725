using System.Text;

namespace TwitterSentiment.Trainer.Data;

/// <summary>
/// Lines of UTF-8 text (standard input), read the way files are: a leading byte-order mark is dropped (it would
/// otherwise become part of the first word), and bytes that are not UTF-8 are an error naming the line, never
/// replaced without a word.
/// </summary>
public static class TextLines
{
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Every line of <paramref name="input"/>, in order, without its line break (LF or CRLF).</summary>
    /// <param name="source">What the input is, for messages ("standard input").</param>
    /// <exception cref="DataException">A line is not UTF-8; the message gives its number and the first bad byte.</exception>
    public static async Task<IReadOnlyList<string>> ReadAsync(Stream input, string source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var buffer = new MemoryStream();
        await input.CopyToAsync(buffer, cancellationToken);
        return Decode(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), source);
    }

    internal static IReadOnlyList<string> Decode(ReadOnlySpan<byte> bytes, string source)
    {
        if (bytes.StartsWith(Encoding.UTF8.Preamble)) bytes = bytes[Encoding.UTF8.Preamble.Length..];
        var lines = new List<string>();
        int lineNumber = 0;
        while (!bytes.IsEmpty)
        {
            lineNumber++;
            int end = bytes.IndexOf((byte)'\n');
            var line = end < 0 ? bytes : bytes[..end];
            if (line.EndsWith("\r"u8)) line = line[..^1];
            lines.Add(DecodeLine(line, source, lineNumber));
            bytes = end < 0 ? [] : bytes[(end + 1)..];
        }
        return lines;
    }

    private static string DecodeLine(ReadOnlySpan<byte> line, string source, int lineNumber)
    {
        try
        {
            return Strict.GetString(line);
        }
        catch (DecoderFallbackException exception)
        {
            string bad = exception.BytesUnknown is { Length: > 0 } unknown ? $" (byte 0x{unknown[0]:X2} at byte {exception.Index + 1} of the line)" : "";
            throw new DataException($"{source}, line {lineNumber}: the text is not UTF-8{bad}. Save it as UTF-8 and try again.", exception);
        }
    }
}
