namespace TwitterSentiment.Trainer.Commands.Bench;

/// <summary>A build of the trainer that `bench` starts as a process: its executable, or its .dll run by dotnet.</summary>
/// <param name="Name">How the bench's tables name it.</param>
internal sealed record TrainerBuild(string Name, string FileName, IReadOnlyList<string> LeadingArguments)
{
    private const string AssemblyName = "TwitterSentiment.Trainer";

    /// <summary>This build: the executable beside the running app (tests run from a folder that has it too), else its .dll.</summary>
    public static TrainerBuild Current(string name)
    {
        string executable = Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? AssemblyName + ".exe" : AssemblyName);
        return File.Exists(executable) ? new TrainerBuild(name, executable, []) : At(name, Path.Combine(AppContext.BaseDirectory, AssemblyName + ".dll"));
    }

    /// <summary>The build at <paramref name="path"/>: an executable, or a .dll that the running dotnet host starts.</summary>
    public static TrainerBuild At(string name, string path)
    {
        string full = Path.GetFullPath(path);
        return full.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) ? new TrainerBuild(name, DotnetHost(), [full]) : new TrainerBuild(name, full, []);
    }

    private static string DotnetHost() =>
        Environment.ProcessPath is { } host && Path.GetFileNameWithoutExtension(host) == "dotnet" ? host : "dotnet";
}
