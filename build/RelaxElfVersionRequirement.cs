using System;
using System.IO;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

/// <summary>
/// Marks one version requirement (an entry of .gnu.version_r) of an ELF64 little-endian library as weak, so
/// the dynamic loader only warns when the system library lacks that version. Does nothing when the system's
/// libstdc++ already provides the version or when the entry is already weak.
/// </summary>
public sealed class RelaxElfVersionRequirement : Task
{
    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const ushort VerFlagWeak = 0x2;

    public string LibraryPath { get; set; } = "";
    public string VersionName { get; set; } = "";

    public override bool Execute()
    {
        if (SystemLibStdCxxProvides(VersionName))
        {
            Log.LogMessage(MessageImportance.Low, $"libstdc++ provides {VersionName}; {LibraryPath} left as is.");
            return true;
        }

        byte[] elf = File.ReadAllBytes(LibraryPath);
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[4] != 2 || elf[5] != 1)
        {
            Log.LogWarning($"{LibraryPath} is not a little-endian ELF64 file; not patched.");
            return true;
        }

        long sectionHeaders = BitConverter.ToInt64(elf, 0x28);
        int sectionHeaderSize = BitConverter.ToUInt16(elf, 0x3A);
        int sectionCount = BitConverter.ToUInt16(elf, 0x3C);
        for (int s = 0; s < sectionCount; s++)
        {
            long header = sectionHeaders + (long)s * sectionHeaderSize;
            if (BitConverter.ToUInt32(elf, (int)header + 4) != ShtGnuVerneed) continue;

            long offset = BitConverter.ToInt64(elf, (int)header + 0x18);
            int linkedStrings = (int)BitConverter.ToUInt32(elf, (int)header + 0x28);
            long stringsHeader = sectionHeaders + (long)linkedStrings * sectionHeaderSize;
            long strings = BitConverter.ToInt64(elf, (int)stringsHeader + 0x18);

            if (MarkWeak(elf, offset, strings, out bool alreadyWeak))
            {
                if (!alreadyWeak)
                {
                    File.WriteAllBytes(LibraryPath, elf);
                    Log.LogMessage(MessageImportance.High, $"Marked {VersionName} as weak in {LibraryPath} (Debian 12 libstdc++ lacks it).");
                }
                return true;
            }
        }

        Log.LogMessage(MessageImportance.Low, $"{LibraryPath} does not require {VersionName}.");
        return true;
    }

    private bool MarkWeak(byte[] elf, long verneed, long strings, out bool alreadyWeak)
    {
        alreadyWeak = false;
        long need = verneed;
        while (true)
        {
            int auxCount = BitConverter.ToUInt16(elf, (int)need + 2);
            long aux = need + BitConverter.ToUInt32(elf, (int)need + 8);
            for (int a = 0; a < auxCount; a++)
            {
                long name = strings + BitConverter.ToUInt32(elf, (int)aux + 8);
                if (ReadCString(elf, name) == VersionName)
                {
                    ushort flags = BitConverter.ToUInt16(elf, (int)aux + 4);
                    alreadyWeak = (flags & VerFlagWeak) != 0;
                    BitConverter.GetBytes((ushort)(flags | VerFlagWeak)).CopyTo(elf, (int)aux + 4);
                    return true;
                }
                aux += BitConverter.ToUInt32(elf, (int)aux + 12);
            }
            uint next = BitConverter.ToUInt32(elf, (int)need + 12);
            if (next == 0) return false;
            need += next;
        }
    }

    private static string ReadCString(byte[] bytes, long start)
    {
        int end = (int)start;
        while (bytes[end] != 0) end++;
        return Encoding.ASCII.GetString(bytes, (int)start, end - (int)start);
    }

    private static bool SystemLibStdCxxProvides(string version)
    {
        const string path = "/usr/lib/x86_64-linux-gnu/libstdc++.so.6";
        if (!File.Exists(path)) return true;
        byte[] needle = Encoding.ASCII.GetBytes(version + "\0");
        byte[] haystack = File.ReadAllBytes(path);
        return IndexOf(haystack, needle) >= 0;
    }

    private static int IndexOf(byte[] haystack, byte[] needle)
    {
        for (int i = 0; i <= haystack.Length - needle.Length; i++)
        {
            int j = 0;
            while (j < needle.Length && haystack[i + j] == needle[j]) j++;
            if (j == needle.Length) return i;
        }
        return -1;
    }
}
