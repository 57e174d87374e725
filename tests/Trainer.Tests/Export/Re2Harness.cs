using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace TwitterSentiment.Trainer.Tests.Export;

/// <summary>What RE2 made of one text: the tokens StringSplit returns and the row of ids.</summary>
internal sealed record Re2Row(IReadOnlyList<string> Tokens, long[] Ids);

/// <summary>
/// Replays an <see cref="ExportedTokenizer"/> with RE2, TensorFlow's regex engine, through the C++ harness
/// Export/Re2/re2_tokenize.cc. The harness follows TensorFlow's kernels (tensorflow/core/kernels/
/// regex_replace_op.cc: <c>RE2(pattern)</c> with default options, <c>RE2::GlobalReplace</c> when replace_global
/// else <c>RE2::Replace</c>; string_lower_op.cc: ASCII lower-casing for encoding ""; string_split_op.cc: split on
/// any byte of the delimiter, empty pieces dropped with skip_empty). It is compiled with the machine's g++ against
/// Debian's libre2-dev on first use and cached under the test output, keyed by a hash of its source and flags.
/// </summary>
internal static class Re2Harness
{
    private const string SourceName = "re2_tokenize.cc";
    private const string InstallHint = "install them with: apt-get install libre2-dev pkg-config g++";
    private static readonly byte[] InputMagic = "RE2TOK01"u8.ToArray();
    private static readonly byte[] OutputMagic = "RE2OUT01"u8.ToArray();
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private static readonly Lock BuildLock = new();
    private static string? _binary;

    /// <summary>Runs the harness; fails the test with the harness's message when it rejects the tokenizer.</summary>
    public static IReadOnlyList<Re2Row> Run(ExportedTokenizer tokenizer, IReadOnlyList<string> texts)
    {
        var (exitCode, error, rows) = TryRun(tokenizer, texts);
        if (exitCode != 0) Assert.Fail($"RE2 cannot run the exported tokenizer as TensorFlow Serving would (exit {exitCode}):\n{error}");
        return rows;
    }

    /// <returns>The exit code, the harness's error text, and the rows (empty unless the exit code is 0).</returns>
    public static (int ExitCode, string Error, IReadOnlyList<Re2Row> Rows) TryRun(ExportedTokenizer tokenizer, IReadOnlyList<string> texts)
    {
        string binary = EnsureBuilt();
        string directory = Path.Combine(Path.GetTempPath(), "ts-re2-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            string input = Path.Combine(directory, "input.bin");
            string output = Path.Combine(directory, "output.bin");
            File.WriteAllBytes(input, EncodeInput(tokenizer, texts));
            var result = ProcessRunner.Run(binary, [input, output], directory, timeout: TimeSpan.FromMinutes(2));
            if (result.ExitCode != 0) return (result.ExitCode, result.StandardError, []);
            return (0, result.StandardError, DecodeOutput(File.ReadAllBytes(output), texts.Count, tokenizer.SequenceLength));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>The harness binary; ignores the calling test when g++, pkg-config or libre2-dev is missing.</summary>
    private static string EnsureBuilt()
    {
        lock (BuildLock)
        {
            if (_binary is not null) return _binary;
            string source = Path.Combine(AppContext.BaseDirectory, "Export", "Re2", SourceName);
            string workingDirectory = AppContext.BaseDirectory;

            var compiler = ProcessRunner.TryRun("g++", ["--version"], workingDirectory, timeout: TimeSpan.FromSeconds(30));
            if (compiler is null) Assert.Ignore($"g++ is not installed; the RE2 check compiles a small C++ harness ({InstallHint}).");
            var flags = ProcessRunner.TryRun("pkg-config", ["--cflags", "--libs", "re2"], workingDirectory, timeout: TimeSpan.FromSeconds(30));
            if (flags is null) Assert.Ignore($"pkg-config is not installed; the RE2 check needs it to find libre2 ({InstallHint}).");
            if (flags.ExitCode != 0) Assert.Ignore($"libre2-dev is not installed (pkg-config knows no re2: {flags.StandardError.Trim()}); {InstallHint}.");

            string[] arguments = ["-O2", "-std=c++17", "-Wall", "-Wextra", "-Werror", source, .. flags.StandardOutput.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
            // A changed source, compiler or libre2 gives a new folder, so a stale binary is never used.
            string key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(
                File.ReadAllText(source) + "\n" + string.Join(' ', arguments) + "\n" + compiler.StandardOutput)))[..16];
            string binary = Path.Combine(AppContext.BaseDirectory, "re2-harness", key, "re2_tokenize");
            if (!File.Exists(binary))
            {
                Directory.CreateDirectory(Path.GetDirectoryName(binary)!);
                string partial = $"{binary}.{Environment.ProcessId}.tmp";
                var build = ProcessRunner.Run("g++", [.. arguments, "-o", partial], workingDirectory, timeout: TimeSpan.FromMinutes(5));
                if (build.ExitCode != 0) Assert.Fail($"g++ could not build the RE2 harness {source}:\n{build.StandardError}");
                File.Move(partial, binary, overwrite: true);
            }
            return _binary = binary;
        }
    }

    private static byte[] EncodeInput(ExportedTokenizer tokenizer, IReadOnlyList<string> texts)
    {
        using var stream = new MemoryStream();
        stream.Write(InputMagic);
        WriteU32(stream, tokenizer.Steps.Count);
        foreach (var step in tokenizer.Steps)
        {
            bool isLower = step.Op == ExportedTokenizerStep.StringLower;
            stream.WriteByte(isLower ? (byte)0 : (byte)1);
            WriteBytes(stream, Encoding.UTF8.GetBytes(step.Node));
            if (isLower)
            {
                WriteBytes(stream, step.Encoding.Span);
            }
            else
            {
                WriteBytes(stream, step.Pattern.Span);
                WriteBytes(stream, step.Rewrite.Span);
                stream.WriteByte(step.ReplaceGlobal ? (byte)1 : (byte)0);
            }
        }
        WriteBytes(stream, tokenizer.Delimiter.Span);
        stream.WriteByte(tokenizer.SkipEmpty ? (byte)1 : (byte)0);
        WriteU32(stream, tokenizer.Table.Count);
        foreach (var (key, id) in tokenizer.Table)
        {
            WriteBytes(stream, key.Span);
            WriteI64(stream, id);
        }
        WriteI64(stream, tokenizer.DefaultId);
        WriteU32(stream, tokenizer.SequenceLength);
        WriteU32(stream, texts.Count);
        foreach (string text in texts) WriteBytes(stream, StrictUtf8.GetBytes(text));
        return stream.ToArray();
    }

    private static List<Re2Row> DecodeOutput(byte[] bytes, int expectedRows, int sequenceLength)
    {
        var reader = new ByteReader(bytes);
        if (!reader.Take(OutputMagic.Length).SequenceEqual(OutputMagic)) throw new InvalidDataException("The RE2 harness wrote no recognisable output.");
        int count = reader.U32();
        if (count != expectedRows) throw new InvalidDataException($"The RE2 harness returned {count} rows for {expectedRows} texts.");
        var rows = new List<Re2Row>(count);
        for (int i = 0; i < count; i++)
        {
            string[] tokens = new string[reader.U32()];
            for (int t = 0; t < tokens.Length; t++) tokens[t] = StrictUtf8.GetString(reader.Take(reader.U32()));
            long[] ids = new long[sequenceLength];
            for (int j = 0; j < sequenceLength; j++) ids[j] = BinaryPrimitives.ReadInt64LittleEndian(reader.Take(8));
            rows.Add(new Re2Row(tokens, ids));
        }
        return rows;
    }

    private static void WriteU32(Stream stream, int value)
    {
        Span<byte> buffer = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(buffer, checked((uint)value));
        stream.Write(buffer);
    }

    private static void WriteI64(Stream stream, long value)
    {
        Span<byte> buffer = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(buffer, value);
        stream.Write(buffer);
    }

    private static void WriteBytes(Stream stream, ReadOnlySpan<byte> bytes)
    {
        WriteU32(stream, bytes.Length);
        stream.Write(bytes);
    }

    private sealed class ByteReader(byte[] bytes)
    {
        private int _position;

        public ReadOnlySpan<byte> Take(int count)
        {
            if (bytes.Length - _position < count) throw new InvalidDataException($"The RE2 harness output ends early (byte {_position} of {bytes.Length}).");
            var span = bytes.AsSpan(_position, count);
            _position += count;
            return span;
        }

        public int U32() => checked((int)BinaryPrimitives.ReadUInt32LittleEndian(Take(4)));
    }
}
