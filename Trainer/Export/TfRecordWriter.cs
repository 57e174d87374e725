using System.Buffers.Binary;
using System.Numerics;

namespace TwitterSentiment.Trainer.Export;

/// <summary>
/// TensorFlow's TFRecord framing: per record a uint64 length, the masked CRC32C of those 8 bytes, the data,
/// and the masked CRC32C of the data (all little-endian).
/// </summary>
public static class TfRecordWriter
{
    public static void Write(Stream stream, IEnumerable<byte[]> records)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(records);
        Span<byte> header = stackalloc byte[12];
        Span<byte> footer = stackalloc byte[4];
        foreach (byte[] record in records)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(header, (ulong)record.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(header[8..], MaskedCrc32C(header[..8]));
            stream.Write(header);
            stream.Write(record);
            BinaryPrimitives.WriteUInt32LittleEndian(footer, MaskedCrc32C(record));
            stream.Write(footer);
        }
    }

    /// <summary>CRC-32C (Castagnoli) of <paramref name="data"/>.</summary>
    public static uint Crc32C(ReadOnlySpan<byte> data)
    {
        uint crc = uint.MaxValue;
        foreach (byte b in data) crc = BitOperations.Crc32C(crc, b);
        return ~crc;
    }

    /// <summary>TensorFlow stores CRCs masked, so that CRCs of data containing CRCs stay well distributed.</summary>
    public static uint MaskedCrc32C(ReadOnlySpan<byte> data)
    {
        uint crc = Crc32C(data);
        return ((crc >> 15) | (crc << 17)) + 0xA282EAD8u;
    }
}
