using System.Net;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StreamSwarm.WebRtc.Ice.Turn;
using StreamSwarm.WebRtc.Stun;
using StreamSwarm.WebRtc.Transport;

namespace StreamSwarm.WebRtc.Ice;

/// <summary>The selected pair as seen by the layer above.</summary>
/// <param name="Local">Our candidate (host or relayed).</param>
/// <param name="Remote">The peer's candidate (possibly peer-reflexive).</param>
public sealed record IceCandidatePairInfo(IceCandidate Local, IceCandidate Remote);

/// <summary>
/// A full ICE agent (RFC 8445) for one data stream with one component, with trickle (RFC 8838),
/// consent freshness (RFC 7675), STUN server-reflexive and TURN relayed candidates (RFC 8656).
/// </summary>
/// <remarks>
/// <para>Typical use by the peer-connection layer:</para>
/// <code>
/// await using var ice = new IceAgent(new IceAgentOptions(), TimeProvider.System, logger);
/// ice.CandidateGathered += c => signal("a=" + c);              // trickle out
/// ice.GatheringCompleted += () => signal("a=end-of-candidates");
/// // SDP: a=ice-ufrag:{ice.LocalParameters.UsernameFragment} a=ice-pwd:{ice.LocalParameters.Password}
/// ice.SetRemoteParameters(new IceParameters(remoteUfrag, remotePwd));
/// ice.Transport.SetReceiver(dtls.OnDatagram);                  // early DTLS is buffered until this
/// await ice.GatherAsync(ct);
/// await ice.StartAsync(isOfferer ? IceRole.Controlling : IceRole.Controlled, ct);
/// ice.AddRemoteCandidate("candidate:1 1 udp 2122260223 192.0.2.7 50000 typ host"); // any time
/// IDatagramTransport transport = await ice.ConnectAsync(ct);  // same object as ice.Transport
/// </code>
/// <para>
/// <see cref="Transport"/> exists from construction; it carries every non-STUN datagram (RFC 7983:
/// DTLS is 20–63) to and from the selected pair, or before selection the best pair the peer has
/// proven reachable. Datagrams arriving on such a pair while no receiver is set are buffered
/// (up to <see cref="IceAgentOptions.MaxBufferedDatagrams"/>) and delivered when one is set.
/// Receivers are called from socket receive loops, one call at a time.
/// </para>
/// <para>Thread-safe. Events are raised outside the agent's lock, in order, possibly on a receive-loop or timer thread;
/// a handler may call into this agent or another one (in-process signalling) without deadlock.</para>
/// </remarks>
public sealed partial class IceAgent : IAsyncDisposable
{
    private readonly IceAgentOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly List<Action> _events = [];
    private bool _flushing;
    private readonly List<IceSocket> _sockets = [];
    private readonly Dictionary<TurnClient, LocalCandidate> _localByRelay = [];
    private readonly List<LocalCandidate> _locals = [];
    private readonly List<RemoteCandidate> _remotes = [];
    private readonly List<CandidatePair> _pairs = [];
    private readonly List<(CandidatePair Pair, bool UseCandidate)> _triggered = [];
    private readonly Dictionary<StunTransactionId, Transaction> _transactions = [];
    private readonly IceTransport _transport;
    private readonly CancellationTokenSource _stop = new();
    private readonly ulong _tieBreaker;
    private IceParameters _local;
    private byte[] _localKey;
    private IceParameters? _remote;
    private byte[]? _remoteKey;
    private IceRole _role;
    private IceConnectionState _state = IceConnectionState.New;
    private IceGatheringState _gatheringState = IceGatheringState.New;
    private bool _started;
    private bool _remoteEndOfCandidates;
    private bool _nominating;
    private volatile CandidatePair? _selected;
    private long _firstValidMs = -1;
    private long _checkingSinceMs;
    private long _consentBaseMs;
    private long _nextConsentMs;
    private int _peerReflexiveCount;
    private Task _timerLoop = Task.CompletedTask;
    private bool _timerStarted;

    /// <summary>Creates an agent with fresh local parameters and a random 64-bit tie-breaker.</summary>
    public IceAgent(IceAgentOptions? options = null, TimeProvider? timeProvider = null, ILogger<IceAgent>? logger = null)
    {
        _options = options ?? new IceAgentOptions();
        _options.Validate();
        _time = timeProvider ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _local = IceParameters.Generate();
        _localKey = StunCredentials.ShortTermKey(_local.Password);
        Span<byte> tieBreaker = stackalloc byte[8];
        RandomNumberGenerator.Fill(tieBreaker);
        _tieBreaker = BitConverter.ToUInt64(tieBreaker);
        _transport = new IceTransport(this, _options.MaxDatagramSize, _options.MaxBufferedDatagrams);
    }

    /// <summary>A local candidate was gathered (trickle it to the peer as <c>a=</c> + <see cref="IceCandidate.ToString"/>).</summary>
    public event Action<IceCandidate>? CandidateGathered;

    /// <summary>Gathering finished (signal <c>a=end-of-candidates</c>, RFC 8838 §8.2).</summary>
    public event Action? GatheringCompleted;

    /// <summary>The connection state changed.</summary>
    public event Action<IceConnectionState>? StateChanged;

    /// <summary>A (new) pair was selected.</summary>
    public event Action<IceCandidatePairInfo>? SelectedPairChanged;

    /// <summary>Our ufrag and pwd for the SDP; new after <see cref="Restart"/>.</summary>
    public IceParameters LocalParameters
    {
        get
        {
            lock (_lock)
            {
                return _local;
            }
        }
    }

    /// <summary>The peer's parameters, once set.</summary>
    public IceParameters? RemoteParameters
    {
        get
        {
            lock (_lock)
            {
                return _remote;
            }
        }
    }

    /// <summary>Current role; may flip once on a role conflict (RFC 8445 §7.3.1.1).</summary>
    public IceRole Role
    {
        get
        {
            lock (_lock)
            {
                return _role;
            }
        }
    }

    /// <summary>The 64-bit tie-breaker sent in ICE-CONTROLLING/ICE-CONTROLLED.</summary>
    public ulong TieBreaker => _tieBreaker;

    /// <summary>Connection state.</summary>
    public IceConnectionState State
    {
        get
        {
            lock (_lock)
            {
                return _state;
            }
        }
    }

    /// <summary>Gathering state.</summary>
    public IceGatheringState GatheringState
    {
        get
        {
            lock (_lock)
            {
                return _gatheringState;
            }
        }
    }

    /// <summary>Candidates to advertise (after <see cref="Restart"/>, signal these again with the new parameters).</summary>
    public IReadOnlyList<IceCandidate> LocalCandidates
    {
        get
        {
            lock (_lock)
            {
                var list = new List<IceCandidate>(_locals.Count);
                foreach (var local in _locals)
                {
                    if (IsAdvertised(local))
                    {
                        list.Add(local.Candidate);
                    }
                }

                return list;
            }
        }
    }

    /// <summary>The selected pair, or null.</summary>
    public IceCandidatePairInfo? SelectedPair
    {
        get
        {
            var selected = _selected;
            return selected is null ? null : new IceCandidatePairInfo(selected.Local.Candidate, selected.Remote.Candidate);
        }
    }

    /// <summary>
    /// The datagram transport to the peer (the seam to DTLS). Always the same object; usable
    /// before <see cref="ConnectAsync"/> completes (see the type's remarks).
    /// </summary>
    public IDatagramTransport Transport => _transport;

    private long NowMs => (long)_time.GetElapsedTime(0).TotalMilliseconds;

    /// <summary>Sets the peer's ufrag and pwd. New values on a started agent mean the peer restarted ICE: its old candidates are dropped.</summary>
    public void SetRemoteParameters(IceParameters remote)
    {
        ArgumentNullException.ThrowIfNull(remote);
        lock (_lock)
        {
            ThrowIfClosed();
            if (_remote is not null && _remote != remote)
            {
                ClearChecklist();
            }

            _remote = remote;
            _remoteKey = StunCredentials.ShortTermKey(remote.Password);
            if (_started && _state == IceConnectionState.New)
            {
                SetState(IceConnectionState.Checking);
            }
        }

        FlushEvents();
    }

    /// <summary>Sets the peer's ufrag and pwd (validated: 4–256 and 22–256 ice-chars).</summary>
    public void SetRemoteParameters(string usernameFragment, string password) =>
        SetRemoteParameters(new IceParameters(usernameFragment, password));

    /// <summary>
    /// Adds a trickled remote candidate (RFC 8838). Returns false, without throwing, for
    /// candidates this agent cannot use: non-UDP, another component, or a host name such as
    /// Chrome's <c>&lt;uuid&gt;.local</c> (not resolved: the peer-reflexive candidate learned from
    /// its checks takes its place, sipsorcery#743).
    /// </summary>
    public bool AddRemoteCandidate(IceCandidate candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        if (!string.Equals(candidate.Protocol, "udp", StringComparison.Ordinal) || candidate.Component != 1)
        {
            Log.CandidateIgnored(_logger, candidate.ToString(), "not UDP component 1");
            return false;
        }

        var endPoint = candidate.EndPoint;
        if (endPoint is null)
        {
            Log.CandidateIgnored(_logger, candidate.ToString(), candidate.IsMdns ? "mDNS name not resolved; relying on peer-reflexive" : "not an IP address");
            return false;
        }

        if (endPoint.Address.IsIPv4MappedToIPv6)
        {
            endPoint = new IPEndPoint(endPoint.Address.MapToIPv4(), endPoint.Port);
        }

        lock (_lock)
        {
            ThrowIfClosed();
            var existing = FindRemote(endPoint);
            if (existing is not null)
            {
                if (existing.Candidate.Type == IceCandidateType.PeerReflexive)
                {
                    // RFC 8445 §7.3.1.3: the signalled candidate replaces the learned one.
                    existing.Candidate = candidate;
                    RecomputePriorities();
                }

                return true;
            }

            AddRemote(new RemoteCandidate(candidate, endPoint));
        }

        FlushEvents();
        return true;
    }

    /// <summary>Parses and adds an SDP candidate line (<c>a=candidate:…</c> or <c>candidate:…</c>); false if unparsable or unusable.</summary>
    public bool AddRemoteCandidate(string sdpLine)
    {
        if (sdpLine is not null && sdpLine.Trim().TrimStart('a', '=').Equals("end-of-candidates", StringComparison.Ordinal))
        {
            AddRemoteEndOfCandidates();
            return true;
        }

        if (!IceCandidate.TryParse(sdpLine, out var candidate))
        {
            Log.CandidateIgnored(_logger, sdpLine ?? string.Empty, "unparsable");
            return false;
        }

        return AddRemoteCandidate(candidate);
    }

    /// <summary>The peer signalled <c>a=end-of-candidates</c> (RFC 8838 §8.2): failure can be declared once every pair failed.</summary>
    public void AddRemoteEndOfCandidates()
    {
        lock (_lock)
        {
            _remoteEndOfCandidates = true;
        }
    }

    /// <summary>
    /// Starts connectivity checks in the given role (the offerer is normally controlling). Returns
    /// at once; await <see cref="ConnectAsync"/> for the result. Checks wait for the remote
    /// parameters, and pairs form as candidates trickle in.
    /// </summary>
    public Task StartAsync(IceRole role, CancellationToken cancellationToken = default)
    {
        if (role == IceRole.Unknown)
        {
            throw new ArgumentException("Choose Controlling or Controlled.", nameof(role));
        }

        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            ThrowIfClosed();
            if (_started)
            {
                throw new IceException("ICE agent already started.");
            }

            _started = true;
            _role = role;
            _checkingSinceMs = NowMs;
            RecomputePriorities();
            if (_remote is not null)
            {
                SetState(IceConnectionState.Checking);
            }

            EnsureTimer();
        }

        FlushEvents();
        return Task.CompletedTask;
    }

    /// <summary>Completes with <see cref="Transport"/> once Connected or Completed; throws <see cref="IceException"/> on Failed or Closed.</summary>
    public async Task<IDatagramTransport> ConnectAsync(CancellationToken cancellationToken = default)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnState(IceConnectionState state)
        {
            if (state is IceConnectionState.Connected or IceConnectionState.Completed)
            {
                done.TrySetResult();
            }
            else if (state is IceConnectionState.Failed or IceConnectionState.Closed)
            {
                done.TrySetException(new IceException($"ICE {state}."));
            }
        }

        StateChanged += OnState;
        try
        {
            OnState(State);
            await done.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            return _transport;
        }
        finally
        {
            StateChanged -= OnState;
        }
    }

    /// <summary>
    /// ICE restart (RFC 8445 §9): new local ufrag/pwd, the peer's parameters and candidates
    /// forgotten, gathered candidates kept (signal <see cref="LocalCandidates"/> again). Data keeps
    /// flowing on the old selected pair until a new one is selected.
    /// </summary>
    public IceParameters Restart()
    {
        lock (_lock)
        {
            ThrowIfClosed();
            _local = IceParameters.Generate();
            _localKey = StunCredentials.ShortTermKey(_local.Password);
            _remote = null;
            _remoteKey = null;
            ClearChecklist();
            _checkingSinceMs = NowMs;
            if (_state is IceConnectionState.Failed or IceConnectionState.Disconnected)
            {
                _selected = null;
                SetState(_started ? IceConnectionState.Checking : IceConnectionState.New);
            }

            Log.Restarted(_logger, _local.UsernameFragment);
        }

        FlushEvents();
        return LocalParameters;
    }

    /// <summary>Stops checks, deletes TURN allocations, closes sockets. State becomes Closed.</summary>
    public async ValueTask DisposeAsync()
    {
        lock (_lock)
        {
            if (_state == IceConnectionState.Closed)
            {
                return;
            }

            SetState(IceConnectionState.Closed);
            _selected = null;
        }

        FlushEvents();
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _timerLoop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        TurnClient[] relays;
        IceSocket[] sockets;
        lock (_lock)
        {
            relays = [.. _localByRelay.Keys];
            sockets = [.. _sockets];
        }

        foreach (var relay in relays)
        {
            await relay.DisposeAsync().ConfigureAwait(false);
        }

        foreach (var socket in sockets)
        {
            await socket.DisposeAsync().ConfigureAwait(false);
        }

        _transport.Close();
        _stop.Dispose();
    }

    private void ThrowIfClosed()
    {
        if (_state == IceConnectionState.Closed)
        {
            throw new ObjectDisposedException(nameof(IceAgent));
        }
    }

    private void SetState(IceConnectionState state)
    {
        if (_state == state || _state == IceConnectionState.Closed)
        {
            return;
        }

        Log.StateChanged(_logger, _state, state);
        _state = state;
        _events.Add(() => StateChanged?.Invoke(state));
    }

    /// <summary>
    /// Raises queued events outside the agent lock, in order, one flusher at a time. A caller that
    /// finds another flusher at work returns at once: that flusher raises what was queued. Never
    /// waiting here matters: a handler may call into another agent (in-process signalling), whose
    /// own handler calls back into this one; a blocking gate deadlocked both agents' receive and
    /// timer loops, so ICE stalled in Checking.
    /// </summary>
    private void FlushEvents()
    {
        while (true)
        {
            Action[] pending;
            lock (_lock)
            {
                if (_flushing || _events.Count == 0)
                {
                    return;
                }

                _flushing = true;
                pending = [.. _events];
                _events.Clear();
            }

            try
            {
                foreach (var raise in pending)
                {
                    try
                    {
                        raise();
                    }
#pragma warning disable CA1031 // A subscriber's bug must not break the agent's loops.
                    catch (Exception e)
#pragma warning restore CA1031
                    {
                        _logger.LogError(e, "ICE event handler failed");
                    }
                }
            }
            finally
            {
                lock (_lock)
                {
                    _flushing = false;
                }
            }
        }
    }
}
