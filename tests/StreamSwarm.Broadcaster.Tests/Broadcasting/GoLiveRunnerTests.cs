using System.Net;
using StreamSwarm.Broadcaster.Broadcasting;
using StreamSwarm.Broadcaster.Cli;
using StreamSwarm.Broadcaster.Ingest;
using StreamSwarm.Broadcaster.Tests.Fakes;

namespace StreamSwarm.Broadcaster.Tests.Broadcasting;

public sealed class GoLiveRunnerTests : IDisposable
{
    private readonly string _logFile = Path.Combine(Path.GetTempPath(), $"streamswarm-test-{Guid.NewGuid():N}.log");
    private readonly FakeIngestServer _server = new();
    private readonly StringWriter _out = new();
    private readonly StringWriter _err = new();

    public void Dispose()
    {
        _server.Dispose();
        _out.Dispose();
        _err.Dispose();
        File.Delete(_logFile);
    }

    private GoLiveOptions Options(TimeSpan? duration = null) => new()
    {
        Server = new Uri("http://ingest.test:8080"),
        Key = "k3y",
        Stream = "demo",
        Source = new BroadcastSource.TestPattern(),
        Duration = duration,
        LogFile = _logFile,
    };

    private GoLiveEnvironment Environment(ScriptedEncoder encoder) => new()
    {
        CreateEncoder = (_, _) => encoder,
        CreateHttpClient = () => new HttpClient(_server, disposeHandler: false),
        Uploads = new UploadQueueOptions { InitialBackoff = TimeSpan.FromMilliseconds(5), MaxBackoff = TimeSpan.FromMilliseconds(20), MaxOutage = TimeSpan.FromSeconds(2) },
        SessionRetryDelay = TimeSpan.FromMilliseconds(5),
        PlainStatusInterval = TimeSpan.FromMilliseconds(100),
    };

    private Task<int> RunAsync(ScriptedEncoder encoder, TimeSpan? duration = null, CancellationToken stop = default) =>
        GoLiveRunner.RunAsync(Options(duration), new CliConsole(_out, _err, IsTerminal: false), Environment(encoder), stop);

    private string[] Paths(string method) => [.. _server.Requests.Where(r => r.Method == method).Select(r => r.Path)];

    [Fact]
    public async Task SourceEnd_UploadsInitThenPartsInOrder_ThenEndsTheSession()
    {
        var code = await RunAsync(new ScriptedEncoder { PartCount = 6 });

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Empty(_err.ToString());
        Assert.Equal("/api/ingest/demo/sessions", _server.Requests[0].Path);
        Assert.Equal(
            [
                "/api/ingest/demo/sessions/s1/main/init",
                "/api/ingest/demo/sessions/s1/main/parts/0/0",
                "/api/ingest/demo/sessions/s1/main/parts/0/1",
                "/api/ingest/demo/sessions/s1/main/parts/0/2",
                "/api/ingest/demo/sessions/s1/main/parts/0/3",
                "/api/ingest/demo/sessions/s1/main/parts/1/0",
                "/api/ingest/demo/sessions/s1/main/parts/1/1",
            ],
            Paths("PUT"));
        Assert.Equal("DELETE", _server.Requests[^1].Method);
        Assert.Equal("/api/ingest/demo/sessions/s1", _server.Requests[^1].Path);
        Assert.All(_server.Requests, r => Assert.Equal("Bearer k3y", r.Header("Authorization")));
    }

    [Fact]
    public async Task Session_AnnouncesRenditionAndTargets()
    {
        await RunAsync(new ScriptedEncoder { PartCount = 1 });

        var json = System.Text.Encoding.UTF8.GetString(_server.Requests[0].Body);
        Assert.Contains("\"name\":\"main\"", json, StringComparison.Ordinal);
        Assert.Contains("\"bandwidth\":2628000", json, StringComparison.Ordinal);
        Assert.Contains("\"width\":1280", json, StringComparison.Ordinal);
        Assert.Contains("\"height\":720", json, StringComparison.Ordinal);
        Assert.Contains("\"frameRate\":30", json, StringComparison.Ordinal);
        Assert.Contains("\"targetSegmentSeconds\":2", json, StringComparison.Ordinal);
        Assert.Contains("\"partTargetSeconds\":0.5", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Parts_CarryTheIngestHeaders()
    {
        await RunAsync(new ScriptedEncoder { PartCount = 2 });

        var part = _server.Requests.Single(r => r.Path.EndsWith("/parts/0/1", StringComparison.Ordinal));
        Assert.Equal("0.500", part.Header("X-Part-Duration"));
        Assert.Equal("false", part.Header("X-Part-Independent"));
        Assert.Equal("2026-11-25T06:00:00.500Z", part.Header("X-Program-Date-Time"));
        Assert.Equal(Core.Media.ContentHash.Of(part.Body).ToHex(), part.Header("X-Content-SHA256"));
        Assert.Equal("video/iso.segment", part.Header("Content-Type"));
        var first = _server.Requests.Single(r => r.Path.EndsWith("/parts/0/0", StringComparison.Ordinal));
        Assert.Equal("true", first.Header("X-Part-Independent"));
        var init = _server.Requests.Single(r => r.Path.EndsWith("/init", StringComparison.Ordinal));
        Assert.Equal("video/mp4", init.Header("Content-Type"));
        Assert.Equal(new byte[] { 1, 2, 3 }, init.Body);
    }

    [Fact]
    public async Task Stop_EndsTheSessionCleanly_ExitZero()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        var code = await RunAsync(new ScriptedEncoder(), stop: stop.Token);

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal("DELETE", _server.Requests[^1].Method);
        Assert.Contains("session ended on the server", _out.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Duration_StopsByItself()
    {
        var code = await RunAsync(new ScriptedEncoder(), duration: TimeSpan.FromMilliseconds(400));

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal("DELETE", _server.Requests[^1].Method);
        Assert.NotEmpty(Paths("PUT"));
    }

    [Fact]
    public async Task Output_HasTheWatchLineAndPlainStatusLines()
    {
        await RunAsync(new ScriptedEncoder(), duration: TimeSpan.FromMilliseconds(450));

        var lines = _out.ToString().Split('\n');
        Assert.Contains("Watch at http://ingest.test:8080/watch/demo", lines.Select(l => l.Trim()));
        Assert.Contains(lines, l => l.StartsWith("status stream=demo elapsed=", StringComparison.Ordinal) && l.Contains(" parts=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SlowEncoderChecks_RunBeforeTheSessionIsOpened()
    {
        // A session opened before the checks would sit idle through them, towards the server's idle timeout.
        var encoder = new ScriptedEncoder { PartCount = 4, PrepareTime = TimeSpan.FromMilliseconds(300) };
        bool? preparedAtSessionRequest = null;
        _server.Script = (r, _) =>
        {
            if (r.Method == "POST")
            {
                preparedAtSessionRequest = encoder.Prepared;
            }

            return null;
        };

        Assert.Equal(ExitCodes.Ok, await RunAsync(encoder));

        Assert.True(preparedAtSessionRequest);
    }

    [Fact]
    public async Task EncoderChecksFailing_OneLineExitOne_NoSessionOpened()
    {
        var encoder = new ScriptedEncoder { PrepareFailsWith = new LiveEncoderException("h264_vaapi does not work here: pick another --encoder.") };

        Assert.Equal(ExitCodes.Failure, await RunAsync(encoder));

        Assert.Empty(_server.Requests);
        Assert.Equal("streamswarm: h264_vaapi does not work here: pick another --encoder.", _err.ToString().Trim());
    }

    [Fact]
    public async Task WrongKey_OneLineExitOne_NoUploads()
    {
        _server.Script = (r, _) => FakeIngestServer.Problem(HttpStatusCode.Unauthorized, "Missing or wrong stream key.");

        var code = await RunAsync(new ScriptedEncoder());

        Assert.Equal(ExitCodes.Failure, code);
        var line = Assert.Single(_err.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("refused the stream key for 'demo' (401)", line, StringComparison.Ordinal);
        Assert.Single(_server.Requests);
        Assert.DoesNotContain("Watch at", _out.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnotherLiveSession_OneLineWithTheServersAdvice()
    {
        _server.Script = (r, _) => r.Method == "POST" ? FakeIngestServer.Problem(HttpStatusCode.Conflict, "Stream demo is live; stop that broadcast first") : null;

        var code = await RunAsync(new ScriptedEncoder());

        Assert.Equal(ExitCodes.Failure, code);
        Assert.Contains("Stream demo is live; stop that broadcast first", _err.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RejectedPart_IsFatal_SessionStillEnded()
    {
        _server.Script = (r, _) => r.Path.EndsWith("/parts/0/2", StringComparison.Ordinal)
            ? FakeIngestServer.Problem(HttpStatusCode.BadRequest, "Body is not moof+mdat boxes")
            : null;

        var code = await RunAsync(new ScriptedEncoder());

        Assert.Equal(ExitCodes.Failure, code);
        var line = Assert.Single(_err.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("main/parts/0/2 (400): Body is not moof+mdat boxes", line, StringComparison.Ordinal);
        Assert.Equal("DELETE", _server.Requests[^1].Method);
        Assert.DoesNotContain(_server.Requests, r => r.Path.EndsWith("/parts/0/3", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TransientFailures_AreRetriedInOrder()
    {
        _server.Script = (r, n) => r.Path.EndsWith("/parts/0/1", StringComparison.Ordinal) && n <= 2
            ? new HttpResponseMessage(HttpStatusCode.ServiceUnavailable)
            : null;

        var code = await RunAsync(new ScriptedEncoder { PartCount = 4 });

        Assert.Equal(ExitCodes.Ok, code);
        var parts = Paths("PUT").Where(p => p.Contains("/parts/", StringComparison.Ordinal)).Select(p => p[(p.IndexOf("/parts/", StringComparison.Ordinal) + 7)..]).ToArray();
        Assert.Equal(["0/0", "0/1", "0/1", "0/1", "0/2", "0/3"], parts);
        Assert.Contains("2 upload errors", _out.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConflictOnRetry_CountsAsStored()
    {
        // The first attempt reached the server but its answer was lost (503 here); the retry is a duplicate.
        _server.Script = (r, n) => r.Path.EndsWith("/parts/0/1", StringComparison.Ordinal)
            ? n == 1 ? new HttpResponseMessage(HttpStatusCode.BadGateway) : FakeIngestServer.Problem(HttpStatusCode.Conflict, "duplicate")
            : null;

        var code = await RunAsync(new ScriptedEncoder { PartCount = 3 });

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains(_server.Requests, r => r.Path.EndsWith("/parts/0/2", StringComparison.Ordinal));
    }

    [Fact]
    public async Task EncoderFailure_OneLineExitOne_SessionEnded()
    {
        var code = await RunAsync(new ScriptedEncoder { FailWith = new LiveEncoderException("ffmpeg was not found: install ffmpeg.") });

        Assert.Equal(ExitCodes.Failure, code);
        Assert.Equal("streamswarm: ffmpeg was not found: install ffmpeg.", _err.ToString().Trim());
        Assert.Equal("DELETE", _server.Requests[^1].Method);
    }

    [Fact]
    public async Task ServerOutage_GivesUpAfterMaxOutage()
    {
        _server.Script = (r, _) => r.Method == "PUT" && r.Path.Contains("/parts/", StringComparison.Ordinal) ? new HttpResponseMessage(HttpStatusCode.InternalServerError) : null;

        var code = await RunAsync(new ScriptedEncoder());

        Assert.Equal(ExitCodes.Failure, code);
        Assert.Contains("Gave up uploading main/parts/0/0 after 2 s of failures", _err.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(HttpStatusCode.NotFound, "No session 's1' for stream 'demo'")]
    [InlineData(HttpStatusCode.Conflict, "Session 's1' has ended: start a new one.")]
    public async Task SessionLostByTheServer_ContinuesInANewSessionFromTheNextSegment(HttpStatusCode status, string detail)
    {
        _server.Script = (r, n) =>
        {
            if (r.Method == "POST" && n == 2)
            {
                return new HttpResponseMessage(HttpStatusCode.Created)
                {
                    Content = new StringContent("{\"sessionId\":\"s2\",\"stream\":\"demo\"}", System.Text.Encoding.UTF8, "application/json"),
                };
            }

            var lost = r.Path.Contains("/s1/main/parts/", StringComparison.Ordinal)
                && !r.Path.Contains("/parts/0/", StringComparison.Ordinal)
                && !r.Path.EndsWith("/parts/1/0", StringComparison.Ordinal);
            return lost ? FakeIngestServer.Problem(status, detail) : null;
        };

        var code = await RunAsync(new ScriptedEncoder { PartCount = 10 });

        Assert.Equal(ExitCodes.Ok, code);
        var s2 = _server.Requests.Where(r => r.Path.Contains("/s2", StringComparison.Ordinal)).ToList();
        Assert.Equal(
            [
                "PUT /api/ingest/demo/sessions/s2/main/init",
                "PUT /api/ingest/demo/sessions/s2/main/parts/2/0",
                "PUT /api/ingest/demo/sessions/s2/main/parts/2/1",
                "DELETE /api/ingest/demo/sessions/s2",
            ],
            s2.Select(r => $"{r.Method} {r.Path}"));
        Assert.Equal("true", s2[1].Header("X-Discontinuity"));
        Assert.Null(s2[2].Header("X-Discontinuity"));
        Assert.Contains("continuing in a new session", _out.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Terminal_GetsTheLiveTable()
    {
        var code = await GoLiveRunner.RunAsync(
            Options(TimeSpan.FromMilliseconds(1200)),
            new CliConsole(_out, _err, IsTerminal: true),
            Environment(new ScriptedEncoder()),
            CancellationToken.None);

        Assert.Equal(ExitCodes.Ok, code);
        var output = _out.ToString();
        Assert.Contains("Watch at http://ingest.test:8080/watch/demo", output, StringComparison.Ordinal);
        foreach (var row in new[] { "LIVE", "rendition", "fps", "speed", "bitrate", "upload", "queue", "last", "retries", "errors", "segments", "keys:" })
        {
            Assert.Contains(row, output, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("status stream=", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PartsRefusedInEveryNewSession_GiveUpWithTheServersReason()
    {
        _server.Script = (r, _) => r.Path.Contains("/parts/", StringComparison.Ordinal)
            ? FakeIngestServer.Problem(HttpStatusCode.Conflict, "Part is out of order")
            : null;

        var code = await RunAsync(new ScriptedEncoder());

        Assert.Equal(ExitCodes.Failure, code);
        Assert.Contains("(409 conflict): Part is out of order", _err.ToString(), StringComparison.Ordinal);
        Assert.Equal(4, _server.Requests.Count(r => r.Method == "POST"));
    }

    [Fact]
    public async Task NewSessionRefused_IsFatal()
    {
        _server.Script = (r, n) =>
            r.Method == "POST" && n > 1 ? FakeIngestServer.Problem(HttpStatusCode.Conflict, "Stream 'demo' is live from another broadcaster")
            : r.Path.EndsWith("/parts/0/2", StringComparison.Ordinal) ? FakeIngestServer.Problem(HttpStatusCode.NotFound, "No session")
            : null;

        var code = await RunAsync(new ScriptedEncoder());

        Assert.Equal(ExitCodes.Failure, code);
        Assert.Contains("live from another broadcaster", _err.ToString(), StringComparison.Ordinal);
    }
}
