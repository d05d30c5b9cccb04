using StreamSwarm.WebRtc.DataChannel;
using StreamSwarm.WebRtc.PeerConnection;

namespace StreamSwarm.WebRtc.Tests.PeerConnection;

/// <summary>Two in-process peer connections on loopback with candidates trickled directly.</summary>
internal sealed class PeerPair : IAsyncDisposable
{
    public PeerPair(ISctpTransportFactory sctp, RtcConfiguration? config = null, Microsoft.Extensions.Logging.ILoggerFactory? offererLogs = null, Microsoft.Extensions.Logging.ILoggerFactory? answererLogs = null)
    {
        config ??= new RtcConfiguration { LoopbackOnly = true };
        Offerer = new RtcPeerConnection(config, sctp, offererLogs);
        Answerer = new RtcPeerConnection(config, sctp, answererLogs);
        Offerer.IceCandidate += c => Answerer.AddIceCandidate(c);
        Answerer.IceCandidate += c => Offerer.AddIceCandidate(c);
    }

    public RtcPeerConnection Offerer { get; }

    public RtcPeerConnection Answerer { get; }

    public async Task NegotiateAsync(Func<string, string>? mangleAnswer = null)
    {
        var offer = await Offerer.CreateOfferAsync();
        await Offerer.SetLocalDescriptionAsync(offer);
        await Answerer.SetRemoteDescriptionAsync(offer);
        var answer = await Answerer.CreateAnswerAsync();
        await Answerer.SetLocalDescriptionAsync(answer);
        var remoteAnswer = mangleAnswer is null ? answer : answer with { Sdp = mangleAnswer(answer.Sdp) };
        await Offerer.SetRemoteDescriptionAsync(remoteAnswer);
    }

    public static Task<RtcDataChannel> NextRemoteChannelAsync(RtcPeerConnection pc)
    {
        var tcs = new TaskCompletionSource<RtcDataChannel>(TaskCreationOptions.RunContinuationsAsynchronously);
        pc.DataChannel += c => tcs.TrySetResult(c);
        return tcs.Task;
    }

    public static Task WhenStateAsync(RtcPeerConnection pc, RtcPeerConnectionState state)
    {
        var tcs = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        pc.ConnectionStateChanged += s =>
        {
            if (s == state)
            {
                tcs.TrySetResult();
            }
        };
        if (pc.ConnectionState == state)
        {
            tcs.TrySetResult();
        }

        return tcs.Task;
    }

    public async ValueTask DisposeAsync()
    {
        await Offerer.DisposeAsync();
        await Answerer.DisposeAsync();
    }
}
