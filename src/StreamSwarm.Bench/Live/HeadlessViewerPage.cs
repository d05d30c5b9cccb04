using System.Text.Json;
using Microsoft.Playwright;

namespace StreamSwarm.Bench.Live;

/// <summary>
/// A Chromium page at the server's origin running viewers without video (web/src/headless, built by
/// <c>npm run build</c> into web/dist/headless.js): each has the real swarm engine, its own hub
/// connection and peer connections, and plays parts out on a simulated playhead instead of decoding
/// them. The page and script are served by Playwright, not by the server, so nothing of the bench
/// ships with the product.
/// </summary>
public sealed class HeadlessViewerPage
{
    private const string PagePath = "/__bench/headless.html";
    private const string ScriptPath = "/__bench/headless.js";

    private HeadlessViewerPage(IBrowserContext context, IPage page)
    {
        Context = context;
        Page = page;
    }

    public IBrowserContext Context { get; }

    public IPage Page { get; }

    /// <summary>How many viewers were started in this page.</summary>
    public int Count { get; private set; }

    public static string ScriptFile => Path.Combine(RepoPaths.Root, "web", "dist", "headless.js");

    /// <summary>Opens the page in a context of its own (no cache or connections shared with other pages).</summary>
    public static async Task<HeadlessViewerPage> OpenAsync(IBrowser browser, Uri server)
    {
        if (!File.Exists(ScriptFile))
        {
            throw new FileNotFoundException("The headless viewer script is not built: run `npm run build` in web/ (bash scripts/setup.sh does it).", ScriptFile);
        }

        var script = await File.ReadAllTextAsync(ScriptFile);
        var context = await browser.NewContextAsync();
        await context.RouteAsync(new Uri(server, PagePath).ToString(), route => route.FulfillAsync(new()
        {
            ContentType = "text/html; charset=utf-8",
            Body = $"<!doctype html><title>headless viewers</title><script type=\"module\" src=\"{ScriptPath}\"></script>",
        }));
        await context.RouteAsync(new Uri(server, ScriptPath).ToString(), route => route.FulfillAsync(new() { ContentType = "text/javascript", Body = script }));
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(server, PagePath).ToString());
        await page.WaitForFunctionAsync("() => 'streamSwarmHeadless' in globalThis", null, new() { Timeout = 30_000 });
        return new HeadlessViewerPage(context, page);
    }

    /// <summary>Starts one more viewer of <paramref name="stream"/>; with <paramref name="p2p"/> false it fetches everything from the origin.</summary>
    /// <param name="engine">SwarmConfig overrides for its engine (e.g. <c>maxNeighbours</c>); null keeps the product's defaults.</param>
    public async Task StartViewerAsync(Uri server, string stream, bool p2p, IReadOnlyDictionary<string, int>? engine = null)
    {
        await Page.EvaluateAsync("o => globalThis.streamSwarmHeadless.start([o])", new { server = server.ToString(), stream, p2p, engine = engine ?? new Dictionary<string, int>() });
        Count++;
    }

    /// <summary>One sample per viewer, in start order: the viewer page's shape (state, latency, stalls, stallSeconds, firstFrameMs, swarm, httpMediaBytes).</summary>
    public async Task<JsonElement[]> SampleAsync()
    {
        var all = await Page.EvaluateAsync<JsonElement>("() => globalThis.streamSwarmHeadless.sample()");
        return [.. all.EnumerateArray()];
    }

    public async Task CloseAsync()
    {
        try
        {
            await Page.EvaluateAsync("() => globalThis.streamSwarmHeadless.stop()");
        }
        catch (PlaywrightException)
        {
            // the page is gone already
        }

        await Context.CloseAsync();
    }
}
