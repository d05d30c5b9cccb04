using Microsoft.Extensions.Logging;
using StreamSwarm.WebRtc.DataChannel;
using StreamSwarm.WebRtc.Dtls;
using StreamSwarm.WebRtc.Ice;
using StreamSwarm.WebRtc.Ice.Turn;
using StreamSwarm.WebRtc.PeerConnection;
using StreamSwarm.WebRtc.Sdp;

namespace StreamSwarm.WebRtc;

/// <summary>Offer/answer (RFC 8829 JSEP, data-channel subset) and trickle ICE.</summary>
public sealed partial class RtcPeerConnection
{
    /// <summary>Creates an offer with <c>a=setup:actpass</c> (RFC 8842 §5.2).</summary>
    public async Task<RtcSessionDescription> CreateOfferAsync(CancellationToken cancellationToken = default)
    {
        var ice = await EnsureIceAgentAsync(cancellationToken).ConfigureAwait(false);
        var description = LocalDescriptionFor(ice, SdpSetup.ActPass, "0", remoteOffer: null);
        return new RtcSessionDescription(SdpType.Offer, SdpWriter.Write(description));
    }

    /// <summary>Creates an answer to the remote offer: <c>a=setup:active</c> when the offer says actpass.</summary>
    /// <exception cref="InvalidOperationException">No remote offer is set.</exception>
    public async Task<RtcSessionDescription> CreateAnswerAsync(CancellationToken cancellationToken = default)
    {
        var remote = _remote;
        if (remote is null || SignalingState != RtcSignalingState.HaveRemoteOffer)
        {
            throw new InvalidOperationException("CreateAnswer needs a remote offer");
        }

        var ice = await EnsureIceAgentAsync(cancellationToken).ConfigureAwait(false);
        var setup = remote.Setup == SdpSetup.Active ? SdpSetup.Passive : SdpSetup.Active;
        var description = LocalDescriptionFor(ice, setup, remote.Mid, remote);
        return new RtcSessionDescription(SdpType.Answer, SdpWriter.Write(description));
    }

    /// <summary>Applies our offer or answer: starts gathering, and after an answer starts connecting.</summary>
    /// <exception cref="SdpException">The description is not one of ours or is malformed.</exception>
    public async Task SetLocalDescriptionAsync(RtcSessionDescription description, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(description);
        ObjectDisposedException.ThrowIf(_closed, this);
        var parsed = SdpParser.Parse(description.Sdp);
        var ice = await EnsureIceAgentAsync(cancellationToken).ConfigureAwait(false);
        switch (description.Type)
        {
            case SdpType.Offer:
                RequireSignaling(RtcSignalingState.Stable, "offer");
                SetSignaling(RtcSignalingState.HaveLocalOffer);
                break;
            case SdpType.Answer or SdpType.Pranswer:
                RequireSignaling(RtcSignalingState.HaveRemoteOffer, "answer");
                SetSignaling(RtcSignalingState.Stable);
                break;
            default:
                throw new ArgumentException($"unsupported description type {description.Type}", nameof(description));
        }

        _localMid = parsed.Mid;
        LocalDescription = description;
        StartGathering(ice);
        if (description.Type != SdpType.Offer)
        {
            // We answered: our setup decides the DTLS role; the offerer controls ICE.
            StartTransports(ice, parsed.Setup == SdpSetup.Passive ? DtlsRole.Server : DtlsRole.Client, IceRole.Controlled);
        }
    }

    /// <summary>Applies the peer's offer or answer.</summary>
    /// <exception cref="SdpException">Malformed, or not a usable data-channel description.</exception>
    public async Task SetRemoteDescriptionAsync(RtcSessionDescription description, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(description);
        ObjectDisposedException.ThrowIf(_closed, this);
        var parsed = SdpParser.Parse(description.Sdp);
        if (description.Type is SdpType.Answer or SdpType.Pranswer && parsed.Setup == SdpSetup.ActPass)
        {
            throw new SdpException("an answer must say a=setup:active or passive (RFC 8842 §5.3)", 0);
        }

        var ice = await EnsureIceAgentAsync(cancellationToken).ConfigureAwait(false);
        switch (description.Type)
        {
            case SdpType.Offer:
                RequireSignaling(RtcSignalingState.Stable, "remote offer");
                SetSignaling(RtcSignalingState.HaveRemoteOffer);
                break;
            case SdpType.Answer or SdpType.Pranswer:
                RequireSignaling(RtcSignalingState.HaveLocalOffer, "remote answer");
                SetSignaling(RtcSignalingState.Stable);
                break;
            default:
                throw new ArgumentException($"unsupported description type {description.Type}", nameof(description));
        }

        _remote = parsed;
        RemoteDescription = description;
        ice.SetRemoteParameters(parsed.IceUfrag, parsed.IcePwd);
        foreach (var candidate in parsed.Candidates)
        {
            ice.AddRemoteCandidate(candidate);
        }

        if (parsed.EndOfCandidates)
        {
            ice.AddRemoteEndOfCandidates();
        }

        string[] early;
        lock (_gate)
        {
            early = [.. _pendingRemoteCandidates];
            _pendingRemoteCandidates.Clear();
        }

        foreach (var line in early)
        {
            ice.AddRemoteCandidate(line);
        }

        if (description.Type != SdpType.Offer)
        {
            // The peer answered our actpass: active means it is the DTLS client.
            StartTransports(ice, parsed.Setup == SdpSetup.Active ? DtlsRole.Server : DtlsRole.Client, IceRole.Controlling);
        }
    }

    /// <summary>Adds a trickled remote candidate; an empty candidate (or <c>end-of-candidates</c>) ends them.</summary>
    /// <returns>False when the candidate is unusable (e.g. mDNS, TCP) and was ignored.</returns>
    public bool AddIceCandidate(RtcIceCandidate candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ObjectDisposedException.ThrowIf(_closed, this);
        var line = candidate.IsEndOfCandidates ? "end-of-candidates" : candidate.Candidate;
        lock (_gate)
        {
            if (_remote is null || _ice is null)
            {
                // Trickled ahead of the description: keep until SetRemoteDescription.
                _pendingRemoteCandidates.Add(line);
                return true;
            }
        }

        return _ice.AddRemoteCandidate(line);
    }

    private DataChannelDescription LocalDescriptionFor(IceAgent ice, SdpSetup setup, string mid, DataChannelDescription? remoteOffer)
    {
        var candidates = new List<string>();
        foreach (var c in ice.LocalCandidates)
        {
            candidates.Add(c.ToString());
        }

        return new DataChannelDescription
        {
            SessionId = _sessionId,
            SessionVersion = Interlocked.Increment(ref _sessionVersion),
            Mid = mid,
            IceUfrag = ice.LocalParameters.UsernameFragment,
            IcePwd = ice.LocalParameters.Password,
            Fingerprint = Certificate.Fingerprint,
            Setup = setup,
            SctpPort = SctpPort,
            MaxMessageSize = _configuration.MaxMessageSize,
            Candidates = candidates,
            EndOfCandidates = ice.GatheringState == IceGatheringState.Complete,
            IgnoredMedia = remoteOffer?.IgnoredMedia ?? [],
            DataSectionIndex = remoteOffer?.DataSectionIndex ?? 0,
        };
    }

    private async Task<IceAgent> EnsureIceAgentAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_closed, this);
        if (_ice is { } existing)
        {
            return existing;
        }

        var stun = new List<System.Net.IPEndPoint>();
        var turn = new List<TurnServerOptions>();
        foreach (var server in _configuration.IceServers)
        {
            foreach (var url in server.Urls)
            {
                if (!IceServerUrl.TryParse(url, out var parsed))
                {
                    _logger.LogWarning("Ignoring unsupported ICE server URL {Url}", url);
                    continue;
                }

                var endPoint = await parsed.ResolveAsync(cancellationToken).ConfigureAwait(false);
                if (endPoint is null)
                {
                    _logger.LogWarning("ICE server {Host} does not resolve", parsed.Host);
                }
                else if (parsed.IsTurn)
                {
                    turn.Add(new TurnServerOptions(endPoint, server.Username ?? string.Empty, server.Credential ?? string.Empty));
                }
                else
                {
                    stun.Add(endPoint);
                }
            }
        }

        var options = new IceAgentOptions
        {
            LoopbackOnly = _configuration.LoopbackOnly,
            EnableIPv6 = _configuration.EnableIPv6 && !_configuration.LoopbackOnly,
            StunServers = stun,
            TurnServers = turn,
            TransportPolicy = _configuration.IceTransportPolicy,
        };
        var agent = new IceAgent(options, TimeProvider.System, _loggerFactory.CreateLogger<IceAgent>());
        lock (_gate)
        {
            if (_ice is not null)
            {
                _ = agent.DisposeAsync().AsTask();
                return _ice;
            }

            _ice = agent;
        }

        agent.CandidateGathered += c => IceCandidate?.Invoke(new RtcIceCandidate(c.ToString(), _localMid ?? "0", 0));
        agent.GatheringCompleted += () => IceCandidate?.Invoke(new RtcIceCandidate(string.Empty, _localMid ?? "0", 0));
        agent.StateChanged += s =>
        {
            IceConnectionStateChanged?.Invoke(s);
            UpdateConnectionState();
        };
        return agent;
    }

    private void StartGathering(IceAgent ice)
    {
        if (ice.GatheringState != IceGatheringState.New)
        {
            return;
        }

        _ = Task.Run(async () =>
        {
            try
            {
                await ice.GatherAsync(_closing.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or IceException or ObjectDisposedException)
            {
                _logger.LogDebug(ex, "Gathering stopped");
            }
        });
    }

    private void RequireSignaling(RtcSignalingState expected, string what)
    {
        if (SignalingState != expected)
        {
            throw new InvalidOperationException($"cannot apply {what} in signaling state {SignalingState}");
        }
    }

    private void SetSignaling(RtcSignalingState state)
    {
        lock (_gate)
        {
            if (_signalingState == state)
            {
                return;
            }

            _signalingState = state;
        }

        SignalingStateChanged?.Invoke(state);
    }
}
