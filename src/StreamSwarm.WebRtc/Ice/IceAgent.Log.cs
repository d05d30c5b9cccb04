using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace StreamSwarm.WebRtc.Ice;

public sealed partial class IceAgent
{
    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Debug, Message = "ICE timer tick {Ms} ms late (pool threads {Threads}, pending {Pending})")]
        public static partial void TickLate(ILogger logger, long ms, int threads, long pending);

        [LoggerMessage(Level = LogLevel.Trace, Message = "ICE {Kind} check {Id} on {Pair}{Nominate}")]
        public static partial void CheckSent(ILogger logger, string kind, string id, string pair, string nominate);

        [LoggerMessage(Level = LogLevel.Trace, Message = "ICE {Class} {Id} from {From}")]
        public static partial void StunReceived(ILogger logger, string @class, string id, IPEndPoint from);

        [LoggerMessage(Level = LogLevel.Debug, Message = "ICE gathered {Candidate}")]
        public static partial void Gathered(ILogger logger, string candidate);

        [LoggerMessage(Level = LogLevel.Information, Message = "ICE remote candidate ignored ({Reason}): {Candidate}")]
        public static partial void CandidateIgnored(ILogger logger, string candidate, string reason);

        [LoggerMessage(Level = LogLevel.Warning, Message = "ICE could not bind {Address}: {Error}")]
        public static partial void BindFailed(ILogger logger, IPAddress address, SocketError error);

        [LoggerMessage(Level = LogLevel.Warning, Message = "ICE {Kind} server {Server} gave no candidate")]
        public static partial void ServerFailed(ILogger logger, string kind, IPEndPoint server);

        [LoggerMessage(Level = LogLevel.Information, Message = "ICE state {From} -> {To}")]
        public static partial void StateChanged(ILogger logger, IceConnectionState from, IceConnectionState to);

        [LoggerMessage(Level = LogLevel.Information, Message = "ICE restart, new ufrag {Ufrag}")]
        public static partial void Restarted(ILogger logger, string ufrag);

        [LoggerMessage(Level = LogLevel.Debug, Message = "ICE dropped {Length} bytes from {From}: no valid pair")]
        public static partial void DataDropped(ILogger logger, IPEndPoint from, int length);

        [LoggerMessage(Level = LogLevel.Debug, Message = "ICE dropped malformed or unauthenticated STUN from {From}")]
        public static partial void BadStun(ILogger logger, IPEndPoint from);

        [LoggerMessage(Level = LogLevel.Debug, Message = "ICE peer-reflexive remote candidate {From}")]
        public static partial void PeerReflexive(ILogger logger, IPEndPoint from);

        [LoggerMessage(Level = LogLevel.Information, Message = "ICE role conflict: {From} -> {To}")]
        public static partial void RoleSwitched(ILogger logger, IceRole from, IceRole to);

        [LoggerMessage(Level = LogLevel.Debug, Message = "ICE check on {Pair} got error {Code} {Reason}")]
        public static partial void CheckError(ILogger logger, string pair, int code, string reason);

        [LoggerMessage(Level = LogLevel.Debug, Message = "ICE check on {Pair} timed out")]
        public static partial void CheckTimedOut(ILogger logger, string pair);

        [LoggerMessage(Level = LogLevel.Debug, Message = "ICE nominating {Pair}")]
        public static partial void Nominating(ILogger logger, string pair);

        [LoggerMessage(Level = LogLevel.Information, Message = "ICE selected {Pair} as {Role}")]
        public static partial void Selected(ILogger logger, string pair, IceRole role);

        [LoggerMessage(Level = LogLevel.Warning, Message = "ICE consent expired on {Pair} (RFC 7675)")]
        public static partial void ConsentExpired(ILogger logger, string pair);

        [LoggerMessage(Level = LogLevel.Warning, Message = "ICE failed: all {Count} pairs failed")]
        public static partial void ChecksFailed(ILogger logger, int count);
    }
}
