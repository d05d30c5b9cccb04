using Microsoft.Playwright;
using StreamSwarm.Bench.Live;

namespace StreamSwarm.EndToEnd.Tests.Embed;

/// <summary>An embed placed before the broadcast starts: "stream offline", then it plays by itself.</summary>
public sealed class EmbedOfflineTests
{
    [Fact]
    public async Task StreamNotLiveYet_ShowsOffline_ThenPlaysByItselfWhenItStarts()
    {
        await using var rig = await LiveRig.StartServerAsync("late", "e2e-embed-late");
        await using var sites = await ThirdPartySites.StartAsync();
        var server = rig.BaseUri.ToString().TrimEnd('/');
        sites.SetPage("/late.html", EmbedPages.Element(server, "late"));
        var (playwright, browser) = await HeadlessChromium.LaunchAsync();
        using (playwright)
        await using (browser)
        {
            var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 768, Height = 480 } });
            await page.GotoAsync(new Uri(sites.First, "/late.html").ToString());
            await page.WaitForFunctionAsync("() => document.getElementById('p').state === 'offline'", null, new() { Timeout = 20_000 });
            var card = page.Locator("#p").GetByRole(AriaRole.Status);
            await Assertions.Expect(card).ToContainTextAsync("Stream offline");
            await Assertions.Expect(card).ToContainTextAsync("not live yet");
            await page.ScreenshotAsync(new() { Path = Path.Combine(RepoPaths.Artifacts, "embed-offline.png") });

            await rig.StartBroadcastAsync("e2e-embed-late", ["--size", "640x360", "--fps", "30", "--bitrate", "600k"]);
            await page.WaitForFunctionAsync(EmbedPages.IsPlaying, "p", new() { Timeout = 90_000 });
            Assert.False(await card.IsVisibleAsync());
        }
    }
}
