using System.Security.Cryptography;

namespace TwitterSentiment.Trainer.Data;

/// <summary>
/// A forward-only read wrapper that hashes (SHA-256) and counts every byte it passes on, so a file is hashed
/// while it is parsed instead of being read twice. <see cref="Peek"/> lets the format be detected from the
/// first bytes before the parser starts; peeked bytes are handed out again by <see cref="Read(byte[], int, int)"/>.
/// </summary>
internal sealed class HashingReadStream(Stream inner, IProgress<long>? progress, bool leaveOpen = false) : Stream
{
    private const long ProgressStep = 1 << 20;

    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private byte[] _peeked = [];
    private int _peekedPosition;
    private long _bytesRead;
    private long _nextProgress = ProgressStep;

    public long BytesRead => _bytesRead;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _bytesRead - (_peeked.Length - _peekedPosition);
        set => throw new NotSupportedException();
    }

    /// <summary>Returns up to <paramref name="count"/> bytes from the start without consuming them.</summary>
    public ReadOnlySpan<byte> Peek(int count)
    {
        if (_bytesRead != 0) throw new InvalidOperationException("Peek is only possible before the first read.");
        byte[] buffer = new byte[count];
        int filled = 0;
        while (filled < count)
        {
            int n = ReadInner(buffer.AsSpan(filled));
            if (n == 0) break;
            filled += n;
        }
        _peeked = buffer[..filled];
        _peekedPosition = 0;
        return _peeked;
    }

    /// <summary>Reads what is left (so the hash covers the whole input) and returns the lower-case hex SHA-256.</summary>
    public string FinishHash()
    {
        byte[] rest = new byte[81920];
        while (Read(rest, 0, rest.Length) > 0)
        {
        }
        progress?.Report(_bytesRead);
        return Convert.ToHexStringLower(_hash.GetHashAndReset());
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_peekedPosition < _peeked.Length)
        {
            int n = Math.Min(buffer.Length, _peeked.Length - _peekedPosition);
            _peeked.AsSpan(_peekedPosition, n).CopyTo(buffer);
            _peekedPosition += n;
            return n;
        }
        return ReadInner(buffer);
    }

    private int ReadInner(Span<byte> buffer)
    {
        int n = inner.Read(buffer);
        if (n > 0)
        {
            _hash.AppendData(buffer[..n]);
            _bytesRead += n;
            if (_bytesRead >= _nextProgress)
            {
                _nextProgress = _bytesRead + ProgressStep;
                progress?.Report(_bytesRead);
            }
        }
        return n;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hash.Dispose();
            if (!leaveOpen) inner.Dispose();
        }
        base.Dispose(disposing);
    }
}
