using System.Text;

namespace TwitterSentiment.WebClient.Analysis;

/// <summary>
/// Turns an uploaded file's bytes into text, or says plainly why it is not a text file: compressed files,
/// images, workbooks and other binary content are refused; UTF-8 (with or without BOM) and UTF-16 with a BOM
/// are read as they are; anything else is read as Windows-1252 (the Latin-1 superset Sentiment140 itself
/// uses), and the visitor is told so.
/// </summary>
public static class UploadDecoder
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Windows-1252 (not in .NET's default set; <see cref="CodePagesEncodingProvider"/> ships with it).</summary>
    private static readonly Encoding Windows1252 = CodePagesEncodingProvider.Instance.GetEncoding(1252) ?? Encoding.Latin1;

    public static DecodedUpload Decode(ReadOnlySpan<byte> bytes)
    {
        if (Signature(bytes) is { } kind)
        {
            return DecodedUpload.Refused($"This file is {kind}, not a CSV text file. Save or export it as CSV (UTF-8) and upload that.");
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return Checked(Strict(bytes[3..]), null);
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            var utf16 = bytes[0] == 0xFF ? Encoding.Unicode : Encoding.BigEndianUnicode;
            return Checked(utf16.GetString(bytes[2..]), "The file is UTF-16 text (as Excel's “Unicode text” saves it); it was read as such.");
        }

        if (bytes.Contains((byte)0))
        {
            return DecodedUpload.Refused("This file contains binary data (NUL bytes), so it is not a CSV text file. Upload a CSV saved as UTF-8 text.");
        }

        return Strict(bytes) is { } utf8
            ? Checked(utf8, null)
            : Checked(Windows1252.GetString(bytes),
                "The file is not UTF-8, so it was read as Windows-1252 (Latin-1), the encoding of the original Sentiment140 files. " +
                "If accented letters look wrong, save the file as UTF-8 CSV and upload it again.");
    }

    private static string? Strict(ReadOnlySpan<byte> bytes)
    {
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    /// <summary>Text full of control characters is binary data that happened to decode.</summary>
    private static DecodedUpload Checked(string? text, string? note)
    {
        if (text is null)
        {
            return DecodedUpload.Refused("The file starts with a UTF-8 byte order mark but is not valid UTF-8. Save it again as UTF-8 CSV.");
        }

        int controls = text.Count(c => char.IsControl(c) && c is not ('\t' or '\r' or '\n' or '\f'));
        return controls > Math.Max(2, text.Length / 100)
            ? DecodedUpload.Refused("This file contains binary data (control characters), so it is not a CSV text file. Upload a CSV saved as UTF-8 text.")
            : new DecodedUpload(text, note, null);
    }

    /// <summary>Magic numbers of the files most often renamed to .csv by mistake.</summary>
    private static string? Signature(ReadOnlySpan<byte> bytes) => bytes switch
    {
        [0x1F, 0x8B, ..] => "gzip-compressed",
        [0x50, 0x4B, 0x03, 0x04, ..] => "a ZIP archive (an Excel .xlsx workbook is one)",
        [0xD0, 0xCF, 0x11, 0xE0, ..] => "an old Excel (.xls) workbook",
        [0x89, 0x50, 0x4E, 0x47, ..] => "a PNG image",
        [0xFF, 0xD8, 0xFF, ..] => "a JPEG image",
        [0x47, 0x49, 0x46, 0x38, ..] => "a GIF image",
        [0x25, 0x50, 0x44, 0x46, ..] => "a PDF document",
        [0x42, 0x5A, 0x68, ..] => "bzip2-compressed",
        [0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00, ..] => "xz-compressed",
        [0x28, 0xB5, 0x2F, 0xFD, ..] => "zstd-compressed",
        [0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C, ..] => "a 7-Zip archive",
        _ => null,
    };
}

/// <summary>The text of an upload and a note on how it was read, or why it was refused.</summary>
public sealed record DecodedUpload(string Text, string? Note, string? Error)
{
    public static DecodedUpload Refused(string error) => new("", null, error);
}
