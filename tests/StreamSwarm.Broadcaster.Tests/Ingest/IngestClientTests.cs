using System.Net;
using StreamSwarm.Broadcaster.Ingest;
using StreamSwarm.Broadcaster.Tests.Fakes;

namespace StreamSwarm.Broadcaster.Tests.Ingest;

public sealed class IngestClientTests
{
    [Theory]
    [InlineData(HttpStatusCode.InternalServerError, IngestFailure.ServerBusy, true)]
    [InlineData(HttpStatusCode.ServiceUnavailable, IngestFailure.ServerBusy, true)]
    [InlineData(HttpStatusCode.TooManyRequests, IngestFailure.ServerBusy, true)]
    [InlineData(HttpStatusCode.Unauthorized, IngestFailure.Unauthorized, false)]
    [InlineData(HttpStatusCode.Conflict, IngestFailure.Conflict, false)]
    [InlineData(HttpStatusCode.BadRequest, IngestFailure.Rejected, false)]
    [InlineData(HttpStatusCode.RequestEntityTooLarge, IngestFailure.Rejected, false)]
    public async Task Status_IsClassified(HttpStatusCode status, IngestFailure failure, bool transient)
    {
        using var server = new FakeIngestServer { Script = (_, _) => FakeIngestServer.Problem(status, "what to do") };
        using var http = new HttpClient(server);
        var client = new IngestClient(http, new Uri("http://ingest.test"), "k", "demo");

        var ex = await Assert.ThrowsAsync<IngestException>(() => client.UploadAsync("s1", new InitUpload("main", new byte[] { 1 }), CancellationToken.None));

        Assert.Equal(failure, ex.Failure);
        Assert.Equal(transient, ex.IsTransient);
        Assert.Equal(status, ex.StatusCode);
        Assert.Contains("what to do", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServerBasePath_IsKept()
    {
        using var server = new FakeIngestServer();
        using var http = new HttpClient(server);
        var client = new IngestClient(http, new Uri("http://ingest.test/streams"), "k", "demo");

        Assert.Equal("s1", await client.CreateSessionAsync(new SessionRequest([], 2, 0.5), CancellationToken.None));
        Assert.Equal("/streams/api/ingest/demo/sessions", server.Requests[0].Path);
    }

    [Fact]
    public async Task NotAStreamSwarmServer_SaysSo()
    {
        using var server = new FakeIngestServer { Script = (_, _) => new HttpResponseMessage(HttpStatusCode.NotFound) };
        using var http = new HttpClient(server);
        var client = new IngestClient(http, new Uri("http://ingest.test"), "k", "demo");

        var ex = await Assert.ThrowsAsync<IngestException>(() => client.CreateSessionAsync(new SessionRequest([], 2, 0.5), CancellationToken.None));

        Assert.Contains("is --server a StreamSwarm server?", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2026-11-25T06:00:00.5+01:00", "2026-11-25T05:00:00.500Z")]
    [InlineData("2026-01-02T03:04:05.006Z", "2026-01-02T03:04:05.006Z")]
    public void ProgramDateTime_IsUtcWithMilliseconds(string input, string expected) =>
        Assert.Equal(expected, IngestClient.FormatProgramDateTime(DateTimeOffset.Parse(input, System.Globalization.CultureInfo.InvariantCulture)));
}
