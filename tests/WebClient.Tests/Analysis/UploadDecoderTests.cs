using System.IO.Compression;
using System.Text;
using TwitterSentiment.WebClient.Analysis;

namespace TwitterSentiment.WebClient.Tests.Analysis;

public sealed class UploadDecoderTests
{
    [Test]
    public void Utf8_with_or_without_a_bom_is_read_without_a_note()
    {
        var plain = UploadDecoder.Decode(Encoding.UTF8.GetBytes("text\ncafé 😍\n"));
        var withBom = UploadDecoder.Decode([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes("text\ncafé\n")]);

        Assert.That(plain.Text, Is.EqualTo("text\ncafé 😍\n"));
        Assert.That(plain.Note, Is.Null);
        Assert.That(withBom.Text, Is.EqualTo("text\ncafé\n"));
    }

    [Test]
    public void Latin1_text_is_read_as_windows_1252_and_says_so()
    {
        var decoded = UploadDecoder.Decode(Encoding.Latin1.GetBytes("text\ncafé crème\n"));

        Assert.That(decoded.Error, Is.Null);
        Assert.That(decoded.Text, Is.EqualTo("text\ncafé crème\n"));
        Assert.That(decoded.Note, Does.Contain("not UTF-8, so it was read as Windows-1252"));
    }

    [Test]
    public void Windows_1252_smart_quotes_are_read_as_such() =>
        Assert.That(UploadDecoder.Decode([0x93, 0x68, 0x69, 0x94, 0x20, 0x80]).Text, Is.EqualTo("“hi” €"));

    [Test]
    public void Gzip_png_and_nul_bytes_are_refused_with_what_they_are()
    {
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes("text\nhello\n"));
        }

        Assert.That(UploadDecoder.Decode(compressed.ToArray()).Error, Does.StartWith("This file is gzip-compressed, not a CSV text file."));
        Assert.That(UploadDecoder.Decode([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0]).Error, Does.StartWith("This file is a PNG image"));
        Assert.That(UploadDecoder.Decode(Encoding.ASCII.GetBytes("text\nhel\0lo\n")).Error, Does.Contain("binary data (NUL bytes)"));
    }

    [Test]
    public void Utf16_with_a_bom_is_read_and_noted() =>
        Assert.That(UploadDecoder.Decode([.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes("text\nhi\n")]),
            Is.EqualTo(new DecodedUpload("text\nhi\n", "The file is UTF-16 text (as Excel's “Unicode text” saves it); it was read as such.", null)));
}
