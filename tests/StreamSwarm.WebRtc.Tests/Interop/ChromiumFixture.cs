namespace StreamSwarm.WebRtc.Tests.Interop;

/// <summary>One Chromium for every interop test class (launch is the slowest part).</summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    private ChromiumBrowser? _browser;

    public ChromiumBrowser Browser => _browser ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync() => _browser = await ChromiumBrowser.LaunchAsync();

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ChromiumCollection : ICollectionFixture<ChromiumFixture>
{
    public const string Name = "chromium";
}
