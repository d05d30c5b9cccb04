using Microsoft.Playwright;

namespace StreamSwarm.WebRtc.Tests.Interop;

/// <summary>
/// Debian's Chromium driven by Playwright (no browser download). Loopback only: Chromium gathers no
/// 127.0.0.1 candidate but connects to ours, and mDNS hiding is off so nothing is <c>.local</c>.
/// </summary>
public sealed class ChromiumBrowser : IAsyncDisposable
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private readonly IPlaywright _playwright;

    private ChromiumBrowser(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        Browser = browser;
    }

    public IBrowser Browser { get; }

    public static bool IsAvailable => File.Exists(ExecutablePath);

    public static async Task<ChromiumBrowser> LaunchAsync()
    {
        var playwright = await Playwright.CreateAsync();
        var args = new List<string>
        {
            "--headless", "--disable-gpu", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--allow-loopback-in-peer-connection",
            "--disable-features=WebRtcHideLocalIpsWithMdns",
        };
        if (Environment.UserName == "root")
        {
            args.Add("--no-sandbox");
        }

        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = args,
        });
        return new ChromiumBrowser(playwright, browser);
    }

    public async Task<IPage> NewPageAsync()
    {
        var page = await Browser.NewPageAsync().WaitAsync(BoundedEvaluation.DefaultTimeout);
        await page.GotoAsync("about:blank", new PageGotoOptions { Timeout = (float)BoundedEvaluation.DefaultTimeout.TotalMilliseconds });
        return page;
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.CloseAsync();
        _playwright.Dispose();
    }
}
