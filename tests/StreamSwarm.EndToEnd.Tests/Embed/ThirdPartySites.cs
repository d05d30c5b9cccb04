using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Logging;
using StreamSwarm.Bench.Live;

namespace StreamSwarm.EndToEnd.Tests.Embed;

/// <summary>
/// Two sites that embed the stream, each on its own loopback port (so its own origin): one small
/// Kestrel listening twice. Tests put HTML pages on it; <c>/pkg/</c> serves the built
/// <c>@streamswarm/player</c> package as a site that installed it from npm would.
/// </summary>
public sealed class ThirdPartySites : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, string> _pages = new(StringComparer.Ordinal);

    private ThirdPartySites(WebApplication app, Uri first, Uri second)
    {
        _app = app;
        First = first;
        Second = second;
    }

    public Uri First { get; }

    public Uri Second { get; }

    public static string PackageDist => Path.Combine(RepoPaths.Root, "web", "packages", "player", "dist");

    public static async Task<ThirdPartySites> StartAsync()
    {
        if (!File.Exists(Path.Combine(PackageDist, "index.js")))
        {
            throw new FileNotFoundException("the @streamswarm/player package is not built: cd web && node build.mjs", PackageDist);
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, 0);
            k.Listen(IPAddress.Loopback, 0);
        });
        var app = builder.Build();
        var sites = (ThirdPartySites?)null;
        // Before routing: static files are skipped once the catch-all page route has matched.
        app.UseStaticFiles(new StaticFileOptions { RequestPath = "/pkg", FileProvider = new PhysicalFileProvider(PackageDist) });
        app.UseRouting();
        app.MapGet("/{**path}", (string? path) =>
            sites!._pages.TryGetValue("/" + (path ?? string.Empty), out var html)
                ? Results.Content(html, "text/html; charset=utf-8")
                : Results.NotFound());
        await app.StartAsync();
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Select(a => new Uri(a)).ToList();
        sites = new ThirdPartySites(app, addresses[0], addresses[1]);
        return sites;
    }

    /// <summary>Serves <paramref name="html"/> at <paramref name="path"/> on both origins.</summary>
    public void SetPage(string path, string html) => _pages[path] = html;

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
