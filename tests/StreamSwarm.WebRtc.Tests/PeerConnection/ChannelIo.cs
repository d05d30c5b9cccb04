using System.Collections.Concurrent;
using StreamSwarm.WebRtc.DataChannel;

namespace StreamSwarm.WebRtc.Tests.PeerConnection;

/// <summary>Test-side helpers: paced bulk send and an in-order pattern checker for one channel.</summary>
internal static class ChannelIo
{
    /// <summary>Sends the pattern paced by bufferedAmount; fails (never hangs) if the channel closes or stalls past <paramref name="timeout"/>.</summary>
    public static async Task SendPatternAsync(RtcDataChannel channel, int count, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(120);
        using var deadline = new CancellationTokenSource(limit);
        var low = new SemaphoreSlim(0);
        channel.BufferedAmountLowThreshold = 1 << 20;
        channel.BufferedAmountLow += _ => low.Release();
        for (var i = 0; i < count; i++)
        {
            while (channel.BufferedAmount > 2 << 20)
            {
                if (channel.ReadyState != RtcDataChannelState.Open)
                {
                    throw new InvalidOperationException($"channel '{channel.Label}' is {channel.ReadyState} after {i} of {count} messages");
                }

                try
                {
                    await low.WaitAsync(50, deadline.Token);
                }
                catch (OperationCanceledException)
                {
                    throw new TimeoutException($"sending stalled on '{channel.Label}': {i} of {count} messages queued within {limit.TotalSeconds:F0} s, bufferedAmount {channel.BufferedAmount}");
                }
            }

            channel.Send(MessagePattern.Fill(i, count));
        }
    }

    /// <summary>Starts checking the next <paramref name="count"/> messages; completes with the number that matched.</summary>
    public static Task<int> ExpectPatternAsync(RtcDataChannel channel, int count)
    {
        var done = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var next = 0;
        var good = 0;
        channel.MessageReceived += (_, m) =>
        {
            if (next >= count)
            {
                return;
            }

            if (!m.IsText && MessagePattern.Check(next, count, m.Data))
            {
                good++;
            }

            if (++next == count)
            {
                done.TrySetResult(good);
            }
        };
        return done.Task;
    }

    public static BlockingCollection<RtcDataChannelMessage> Collect(RtcDataChannel channel)
    {
        var q = new BlockingCollection<RtcDataChannelMessage>();
        channel.MessageReceived += (_, m) => q.Add(m);
        return q;
    }

    public static Task WhenOpenAsync(RtcDataChannel channel)
    {
        var tcs = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        channel.Opened += _ => tcs.TrySetResult();
        if (channel.ReadyState == RtcDataChannelState.Open)
        {
            tcs.TrySetResult();
        }

        return tcs.Task;
    }

    public static Task WhenClosedAsync(RtcDataChannel channel)
    {
        var tcs = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        channel.Closed += _ => tcs.TrySetResult();
        if (channel.ReadyState == RtcDataChannelState.Closed)
        {
            tcs.TrySetResult();
        }

        return tcs.Task;
    }
}
