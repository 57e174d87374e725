using System.Formats.Tar;
using System.IO.Compression;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using TwitterSentiment.Trainer.Data;

namespace TwitterSentiment.Trainer.Tests.Data;

/// <summary>
/// An npm registry on loopback, enough for the real <c>npm pack name@version</c>: the package document (packument)
/// and the tarball of each package it was given, 404 for anything else. npm is pointed at it through its own
/// configuration variables (<see cref="Environment"/>), with a cache of its own so no earlier download answers instead.
/// </summary>
internal sealed class LoopbackNpmRegistry : IAsyncDisposable
{
    private readonly Dictionary<string, byte[]> _files = new(StringComparer.Ordinal);
    private readonly LoopbackHttpServer _server;

    public LoopbackNpmRegistry()
    {
        _server = new LoopbackHttpServer(Answer);
    }

    public Uri BaseAddress => _server.BaseAddress;

    /// <summary>The paths npm asked for, in order.</summary>
    public IReadOnlyList<string> RequestedPaths => _server.RequestedPaths;

    /// <summary>npm's settings for the trainer's process (or this one): this registry, and a fresh cache in <paramref name="cache"/>.</summary>
    public IReadOnlyDictionary<string, string?> Environment(string cache) => Settings(BaseAddress, cache);

    /// <summary>npm's settings pointing at <paramref name="registry"/>, with a fresh cache.</summary>
    public static IReadOnlyDictionary<string, string?> Settings(Uri registry, string cache) => new Dictionary<string, string?>
    {
        ["npm_config_registry"] = registry.AbsoluteUri,
        ["npm_config_cache"] = cache,
        ["npm_config_update_notifier"] = "false",
    };

    /// <summary>Publishes a package holding <paramref name="files"/> (paths under package/); returns the pinned file of its first entry.</summary>
    public PinnedNpmFile Publish(string name, string version, IReadOnlyDictionary<string, string> files)
    {
        byte[] tarball = Tarball(name, version, files);
        string tarballPath = $"/{name}/-/{name}-{version}.tgz";
        string integrity = "sha512-" + Convert.ToBase64String(SHA512.HashData(tarball));
        var packument = new JsonObject
        {
            ["name"] = name,
            ["dist-tags"] = new JsonObject { ["latest"] = version },
            ["versions"] = new JsonObject
            {
                [version] = new JsonObject
                {
                    ["name"] = name,
                    ["version"] = version,
                    ["dist"] = new JsonObject
                    {
                        ["tarball"] = new Uri(BaseAddress, tarballPath).AbsoluteUri,
                        ["integrity"] = integrity,
                    },
                },
            },
        };
        _files["/" + name] = Encoding.UTF8.GetBytes(packument.ToJsonString());
        _files[tarballPath] = tarball;
        return new PinnedNpmFile($"{name}@{version}", integrity, "package/" + files.Keys.First());
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private async Task Answer(HttpListenerContext context)
    {
        if (!_files.TryGetValue(context.Request.Url?.AbsolutePath ?? "", out byte[]? body))
        {
            context.Response.StatusCode = 404;
            return;
        }
        context.Response.ContentType = body.Length > 0 && body[0] == '{' ? "application/json" : "application/octet-stream";
        context.Response.ContentLength64 = body.Length;
        await context.Response.OutputStream.WriteAsync(body);
    }

    private static byte[] Tarball(string name, string version, IReadOnlyDictionary<string, string> files)
    {
        using var bytes = new MemoryStream();
        using (var gzip = new GZipStream(bytes, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gzip))
        {
            var all = new Dictionary<string, string>(files) { ["package.json"] = new JsonObject { ["name"] = name, ["version"] = version }.ToJsonString() };
            foreach (var (path, text) in all)
            {
                tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "package/" + path) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(text)) });
            }
        }
        return bytes.ToArray();
    }
}
