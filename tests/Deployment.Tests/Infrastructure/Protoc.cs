using System.Reflection;
using System.Runtime.InteropServices;

namespace TwitterSentiment.Deployment.Tests.Infrastructure;

/// <summary>Parses text-format protobuf files with the protoc that the Grpc.Tools package bundles.</summary>
internal static class Protoc
{
    private static string Schema => Path.Combine(RepositoryPaths.Root, "tests", "Deployment.Tests", "Protos", "tf_serving_config.proto");

    /// <summary>Encodes <paramref name="text"/> as <paramref name="messageType"/>; a non-zero exit means it does not parse.</summary>
    public static async Task<ProcessResult> EncodeAsync(string messageType, string text, CancellationToken cancellationToken)
    {
        string? tools = typeof(Protoc).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "GrpcToolsDirectory")?.Value;
        string? protoc = tools is null ? null : Path.Combine(tools, "tools", PlatformFolder(), OperatingSystem.IsWindows() ? "protoc.exe" : "protoc");
        if (protoc is null || !File.Exists(protoc))
        {
            Assert.Ignore($"protoc from Grpc.Tools is not available for this platform ({RuntimeInformation.RuntimeIdentifier}).");
        }

        string include = Path.Combine(tools ?? string.Empty, "build", "native", "include");
        return await ProcessRunner.RunAsync(
            protoc,
            ["-I", Path.GetDirectoryName(Schema) ?? ".", "-I", include, $"--encode={messageType}", Path.GetFileName(Schema)],
            workingDirectory: Path.GetDirectoryName(Schema),
            standardInput: text,
            cancellationToken: cancellationToken);
    }

    private static string PlatformFolder()
    {
        string os = OperatingSystem.IsWindows() ? "windows" : OperatingSystem.IsMacOS() ? "macosx" : "linux";
        string arch = RuntimeInformation.OSArchitecture switch
        {
            Architecture.Arm64 => "arm64",
            Architecture.X86 => "x86",
            _ => "x64",
        };
        return $"{os}_{arch}";
    }
}
