using System.Net;

namespace StreamSwarm.EndToEnd.Tests.Embed;

/// <summary>The pages a third-party site writes to embed a stream, and the scripts tests read them with.</summary>
public static class EmbedPages
{
    /// <summary>True once the player with this id plays and its video has advanced.</summary>
    public const string IsPlaying =
        "(id) => { const p = document.getElementById(id); const v = p && p.shadowRoot && p.shadowRoot.querySelector('video'); return !!v && p.state === 'playing' && v.currentTime > 0.5; }";

    /// <summary>Same, inside the /embed page.</summary>
    public const string FrameIsPlaying =
        "() => { const p = document.querySelector('stream-swarm-player'); const v = p && p.shadowRoot.querySelector('video'); return !!v && p.state === 'playing' && v.currentTime > 0.5; }";

    private const string Head = """
        <!doctype html><html lang="en"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>A site that embeds a stream</title>
        <style>body { margin: 0; background: #1d2230; color: #eee; font-family: sans-serif; } .box { margin: 0 auto; max-width: 960px; }</style>
        """;

    private const string RecordMessages = """
        <script>
          window.embedEvents = [];
          window.addEventListener('message', (e) => { if (e.data && e.data.streamswarm === 1) window.embedEvents.push(e.data); });
          window.send = (message) => { document.getElementById('frame').contentWindow.postMessage(message, '*'); return window.embedEvents.length; };
        </script>
        """;

    /// <summary>One element from the server's script-tag bundle; <paramref name="attributes"/> are added as written.</summary>
    public static string Element(string server, string stream, string attributes = "") => $"""
        {Head}<script src="{server}/dist/stream-swarm-player.js"></script></head><body>
        <div class="box"><stream-swarm-player id="p" server="{server}" stream="{WebUtility.HtmlEncode(stream)}" {attributes}></stream-swarm-player></div>
        </body></html>
        """;

    /// <summary>The element, the iframe and the npm package's ESM build (under its own tag name), on one page.</summary>
    public static string ThreeWays(string server, string stream) => $"""
        {Head}{RecordMessages}
        <script src="{server}/dist/stream-swarm-player.js"></script>
        <script type="module">
          import * as pkg from '/pkg/index.js';
          pkg.defineStreamSwarmPlayer('app-live-player');
          window.npmLoaded = true;
        </script></head><body><div class="box">
        <h1>Three ways</h1>
        <stream-swarm-player id="element" server="{server}" stream="{stream}"></stream-swarm-player>
        <iframe id="frame" src="{server}/embed/{stream}" width="480" height="270" allow="autoplay; fullscreen; picture-in-picture" allowfullscreen style="border:0"></iframe>
        <app-live-player id="npm" server="{server}" stream="{stream}"></app-live-player>
        </div></body></html>
        """;

    /// <summary>An iframe of /embed/{stream} with the page recording every message it sends.</summary>
    public static string Frame(string server, string stream, string query = "") => $"""
        {Head}{RecordMessages}</head><body><div class="box">
        <iframe id="frame" src="{server}/embed/{stream}{query}" width="640" height="360" allow="autoplay; fullscreen; picture-in-picture" allowfullscreen style="border:0"></iframe>
        </div></body></html>
        """;
}
