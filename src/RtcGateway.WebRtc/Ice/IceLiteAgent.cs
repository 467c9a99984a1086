using System.Net;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RtcGateway.WebRtc.Stun;

namespace RtcGateway.WebRtc.Ice;

/// <summary>
/// The ICE-lite agent of one peer connection (RFC 8445 §2.5, §6.1.1: a lite agent is always controlled when the
/// browser is a full agent). Sans-IO and single-threaded: feed it Binding requests with the caller's clock,
/// send the response it writes back to the request's source, call <see cref="HandleTimeout"/> at
/// <see cref="NextTimeoutMs"/>, and drain <see cref="TryPollEvent"/>.
/// </summary>
/// <remarks>
/// <para>Validation order (RFC 8489 §6.3, §9.1.3; RFC 8445 §7.3): well-formed STUN → Binding request → FINGERPRINT
/// (if present; a wrong one is dropped silently) → USERNAME and MESSAGE-INTEGRITY present (else 400) → USERNAME is
/// "localUfrag:remoteUfrag" (any non-empty remote part while the remote ufrag is unknown; else 401) →
/// MESSAGE-INTEGRITY verifies with the local ice-pwd (else 401) → no unknown comprehension-required attribute
/// (else 420) → no ICE-CONTROLLED (else 487: a lite agent never takes the controlling role, so it always answers
/// the conflict rather than comparing tiebreakers, RFC 8445 §7.3.1.1). 400/401 carry no MESSAGE-INTEGRITY.</para>
/// <para>Pair selection: a lite agent has no check list; every valid check records its source as
/// <see cref="LastValidRemote"/>. USE-CANDIDATE nominates the source as <see cref="SelectedRemote"/> at any time,
/// switching if it differs (libwebrtc re-nominates after network changes). Media should go to
/// <see cref="SendRemote"/>: the selected remote, or before any nomination the most recent valid check source
/// (RFC 8445 §12 lets an agent send on a valid pair before nomination; browsers nominate a lite peer at once).</para>
/// <para>Consent (RFC 7675): each valid check from the selected remote refreshes consent; without one for
/// <see cref="IceLiteAgentOptions.ConsentTimeoutMs"/> the agent closes (at exactly last + timeout).</para>
/// </remarks>
public sealed class IceLiteAgent
{
    /// <summary>Response buffers passed to <see cref="HandleBindingRequest"/> must be at least this long (bytes).</summary>
    public const int MaxResponseLength = 160;

    private const int MaxUnknownAttributes = 16;

    private readonly byte[] _localUfrag;
    private readonly byte[] _localPassword;
    private readonly string _localUfragText;
    private readonly IceLiteAgentOptions _options;
    private readonly ILogger _logger;
    private readonly Queue<IceEvent> _events = new(8);
    private readonly long _connectDeadlineMs;
    private byte[]? _remoteUfrag;
    private long _lastConsentMs;

    /// <summary>Creates an agent for one peer.</summary>
    /// <param name="localUfrag">Our ice-ufrag (RFC 8839 §5.4; 4–256 ice-chars), as put in our SDP.</param>
    /// <param name="localPassword">Our ice-pwd (22–256 ice-chars): the MESSAGE-INTEGRITY key for requests we receive.</param>
    /// <param name="remoteUfrag">The browser's ice-ufrag from its SDP, or null if not known yet (then any sender ufrag is accepted).</param>
    /// <param name="remotePassword">The browser's ice-pwd; unused by a lite agent (it never sends checks), kept for completeness.</param>
    /// <param name="nowMs">The caller's clock (ms) at creation; starts the connect timeout.</param>
    /// <param name="options">Timers and policy; null for <see cref="IceLiteAgentOptions.Default"/>.</param>
    /// <param name="logger">Optional logger.</param>
    /// <exception cref="ArgumentException">Empty ufrag/password or a ufrag containing ':'.</exception>
    public IceLiteAgent(
        string localUfrag,
        string localPassword,
        string? remoteUfrag,
        string? remotePassword,
        long nowMs,
        IceLiteAgentOptions? options = null,
        ILogger<IceLiteAgent>? logger = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(localUfrag);
        ArgumentException.ThrowIfNullOrEmpty(localPassword);
        if (localUfrag.Contains(':'))
        {
            throw new ArgumentException("ice-ufrag cannot contain ':'.", nameof(localUfrag));
        }

        _localUfragText = localUfrag;
        _localUfrag = Encoding.UTF8.GetBytes(localUfrag);
        _localPassword = Encoding.UTF8.GetBytes(localPassword);
        _options = options ?? IceLiteAgentOptions.Default;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _connectDeadlineMs = nowMs + _options.ConnectTimeoutMs;
        SetRemoteCredentials(remoteUfrag, remotePassword);
    }

    /// <summary>Our ice-ufrag.</summary>
    public string LocalUfrag => _localUfragText;

    /// <summary>The browser's ice-ufrag, or null while unknown.</summary>
    public string? RemoteUfrag { get; private set; }

    /// <summary>The browser's ice-pwd, or null (not needed by a lite agent).</summary>
    public string? RemotePassword { get; private set; }

    /// <summary>Current state.</summary>
    public IceConnectionState State { get; private set; } = IceConnectionState.New;

    /// <summary>Why the agent closed, or <see cref="IceCloseReason.None"/>.</summary>
    public IceCloseReason CloseReason { get; private set; }

    /// <summary>The remote nominated with USE-CANDIDATE (the selected pair's remote), or null.</summary>
    public IPEndPoint? SelectedRemote { get; private set; }

    /// <summary>The source of the most recent valid check, or null.</summary>
    public IPEndPoint? LastValidRemote { get; private set; }

    /// <summary>Where to send media and DTLS: <see cref="SelectedRemote"/>, else <see cref="LastValidRemote"/>; null when closed or none.</summary>
    public IPEndPoint? SendRemote => State == IceConnectionState.Closed ? null : SelectedRemote ?? LastValidRemote;

    /// <summary>
    /// The caller's clock (ms) at which <see cref="HandleTimeout"/> must next be called, or null when closed.
    /// </summary>
    public long? NextTimeoutMs => State switch
    {
        IceConnectionState.New or IceConnectionState.Checking => _connectDeadlineMs,
        IceConnectionState.Connected when _options.DisconnectedAfterMs < _options.ConsentTimeoutMs => _lastConsentMs + _options.DisconnectedAfterMs,
        IceConnectionState.Connected or IceConnectionState.Disconnected => _lastConsentMs + _options.ConsentTimeoutMs,
        _ => null,
    };

    /// <summary>Sets or replaces the browser's credentials (e.g. when its SDP arrives after the agent was created).</summary>
    /// <param name="remoteUfrag">The browser's ice-ufrag, or null to accept any.</param>
    /// <param name="remotePassword">The browser's ice-pwd, or null.</param>
    public void SetRemoteCredentials(string? remoteUfrag, string? remotePassword)
    {
        RemoteUfrag = string.IsNullOrEmpty(remoteUfrag) ? null : remoteUfrag;
        RemotePassword = remotePassword;
        _remoteUfrag = RemoteUfrag is null ? null : Encoding.UTF8.GetBytes(RemoteUfrag);
    }

    /// <summary>Dequeues the next event, if any.</summary>
    /// <param name="iceEvent">The event, or default.</param>
    /// <returns>False when no event is pending.</returns>
    public bool TryPollEvent(out IceEvent iceEvent) => _events.TryDequeue(out iceEvent);

    /// <summary>Closes the agent (state <see cref="IceConnectionState.Closed"/>, reason <see cref="IceCloseReason.Application"/>).</summary>
    /// <param name="nowMs">The caller's clock (ms).</param>
    public void Close(long nowMs) => CloseWith(IceCloseReason.Application, nowMs);

    /// <summary>Runs the connect, disconnect and consent timers (RFC 7675 §5.1). Idempotent; call at or after <see cref="NextTimeoutMs"/>.</summary>
    /// <param name="nowMs">The caller's clock (ms).</param>
    public void HandleTimeout(long nowMs)
    {
        switch (State)
        {
            case IceConnectionState.New or IceConnectionState.Checking when nowMs >= _connectDeadlineMs:
                Enqueue(IceEventKind.ConnectTimedOut, null, nowMs, IceConnectionState.Closed);
                CloseWith(IceCloseReason.ConnectTimeout, nowMs);
                break;
            case IceConnectionState.Connected or IceConnectionState.Disconnected when nowMs >= _lastConsentMs + _options.ConsentTimeoutMs:
                Enqueue(IceEventKind.ConsentExpired, null, nowMs, IceConnectionState.Closed);
                CloseWith(IceCloseReason.ConsentExpired, nowMs);
                break;
            case IceConnectionState.Connected when nowMs >= _lastConsentMs + _options.DisconnectedAfterMs:
                SetState(IceConnectionState.Disconnected, nowMs);
                break;
        }
    }

    /// <summary>
    /// Handles one datagram classified as STUN that arrived from <paramref name="remote"/>: validates it as an ICE
    /// connectivity check and writes the response (see the class remarks for the exact rules). Never throws on wire input.
    /// Runs <see cref="HandleTimeout"/> first, so a check arriving after consent expired is dropped.
    /// </summary>
    /// <param name="datagram">The UDP payload.</param>
    /// <param name="remote">The datagram's source address (not retained; copied when recorded).</param>
    /// <param name="nowMs">The caller's clock (ms).</param>
    /// <param name="response">Destination for the response; at least <see cref="MaxResponseLength"/> bytes.</param>
    /// <param name="responseLength">Bytes of <paramref name="response"/> to send to <paramref name="remote"/>; 0 to send nothing.</param>
    /// <returns>What happened; <see cref="IceResult.Success"/> means a valid check (associate <paramref name="remote"/> with this peer).</returns>
    public IceResult HandleBindingRequest(ReadOnlySpan<byte> datagram, IPEndPoint remote, long nowMs, Span<byte> response, out int responseLength)
    {
        ArgumentNullException.ThrowIfNull(remote);
        responseLength = 0;
        HandleTimeout(nowMs);
        if (State == IceConnectionState.Closed)
        {
            return IceResult.Closed;
        }

        if (!StunMessage.TryRead(datagram, out StunMessageView request))
        {
            return IceResult.Malformed;
        }

        if (request.Method != StunMethod.Binding || request.Class != StunClass.Request)
        {
            return IceResult.Ignored;
        }

        if (response.Length < MaxResponseLength)
        {
            return IceResult.ResponseBufferTooSmall;
        }

        if (request.HasFingerprint && !request.VerifyFingerprint())
        {
            return IceResult.BadFingerprint;
        }

        IceResult result = Authenticate(request);
        if (result != IceResult.Success)
        {
            IceLog.Rejected(_logger, _localUfragText, remote, result);
            if (_options.RespondToUnauthenticatedRequests)
            {
                int code = result == IceResult.BadRequest ? StunErrorCodes.BadRequest : StunErrorCodes.Unauthorized;
                ReadOnlySpan<byte> reason = result == IceResult.BadRequest ? StunErrorCodes.BadRequestReason : StunErrorCodes.UnauthorizedReason;
                var writer = new StunMessageWriter(response, StunMessageType.BindingError, request.TransactionId);
                writer.AddErrorCode(code, reason);
                writer.AddFingerprint();
                responseLength = writer.Length;
            }

            return result;
        }

        Span<ushort> unknown = stackalloc ushort[MaxUnknownAttributes];
        int unknownCount = CollectUnknownAttributes(request, unknown);
        if (unknownCount > 0)
        {
            var writer = new StunMessageWriter(response, StunMessageType.BindingError, request.TransactionId);
            writer.AddErrorCode(StunErrorCodes.UnknownAttribute, StunErrorCodes.UnknownAttributeReason);
            writer.AddUnknownAttributes(unknown[..unknownCount]);
            writer.AddMessageIntegrity(_localPassword);
            writer.AddFingerprint();
            responseLength = writer.Length;
            IceLog.Rejected(_logger, _localUfragText, remote, IceResult.UnknownAttribute);
            return IceResult.UnknownAttribute;
        }

        if (request.TryGetAttribute(StunAttributeType.IceControlled, out _))
        {
            var writer = new StunMessageWriter(response, StunMessageType.BindingError, request.TransactionId);
            writer.AddErrorCode(StunErrorCodes.RoleConflict, StunErrorCodes.RoleConflictReason);
            writer.AddMessageIntegrity(_localPassword);
            writer.AddFingerprint();
            responseLength = writer.Length;
            IceLog.Rejected(_logger, _localUfragText, remote, IceResult.RoleConflict);
            return IceResult.RoleConflict;
        }

        // RFC 8445 §7.3.1 / §7.3.1.5 (lite): success response reflecting the source address.
        var success = new StunMessageWriter(response, StunMessageType.BindingSuccess, request.TransactionId);
        success.AddXorMappedAddress(remote);
        success.AddMessageIntegrity(_localPassword);
        success.AddFingerprint();
        responseLength = success.Length;

        RecordValidCheck(remote, request.HasUseCandidate, nowMs);
        return IceResult.Success;
    }

    private IceResult Authenticate(StunMessageView request)
    {
        if (!request.TryGetUsername(out ReadOnlySpan<byte> username) || !request.HasMessageIntegrity)
        {
            return IceResult.BadRequest;
        }

        if (!UsernameMatches(username))
        {
            return IceResult.WrongUsername;
        }

        return request.VerifyMessageIntegrity(_localPassword) ? IceResult.Success : IceResult.BadIntegrity;
    }

    // RFC 8445 §7.2.2: USERNAME = "<receiver ufrag>:<sender ufrag>"; the receiver is us.
    private bool UsernameMatches(ReadOnlySpan<byte> username)
    {
        if (username.Length <= _localUfrag.Length + 1
            || !username.StartsWith(_localUfrag)
            || username[_localUfrag.Length] != (byte)':')
        {
            return false;
        }

        ReadOnlySpan<byte> remotePart = username[(_localUfrag.Length + 1)..];
        return _remoteUfrag is null || remotePart.SequenceEqual(_remoteUfrag);
    }

    private static int CollectUnknownAttributes(StunMessageView request, Span<ushort> unknown)
    {
        int count = 0;
        foreach (StunAttribute attribute in request.GetAttributes())
        {
            if (attribute.Type == StunAttributeType.MessageIntegrity)
            {
                break; // RFC 8489 §14.5: attributes after MESSAGE-INTEGRITY are ignored.
            }

            if (!StunAttributeType.IsKnownForBinding(attribute.Type) && count < unknown.Length && !unknown[..count].Contains(attribute.Type))
            {
                unknown[count++] = attribute.Type;
            }
        }

        return count;
    }

    private void RecordValidCheck(IPEndPoint remote, bool useCandidate, long nowMs)
    {
        if (!remote.Equals(LastValidRemote))
        {
            LastValidRemote = new IPEndPoint(remote.Address, remote.Port);
        }

        if (State == IceConnectionState.New)
        {
            SetState(IceConnectionState.Checking, nowMs);
        }

        if (useCandidate && !remote.Equals(SelectedRemote))
        {
            IPEndPoint? previous = SelectedRemote;
            SelectedRemote = LastValidRemote;
            _lastConsentMs = nowMs;
            if (previous is null)
            {
                IceLog.Nominated(_logger, _localUfragText, SelectedRemote);
                Enqueue(IceEventKind.Nominated, SelectedRemote, nowMs, IceConnectionState.Connected);
            }
            else
            {
                IceLog.SelectedChanged(_logger, _localUfragText, previous, SelectedRemote);
                Enqueue(IceEventKind.SelectedChanged, SelectedRemote, nowMs, IceConnectionState.Connected);
            }
        }

        if (SelectedRemote is not null && remote.Equals(SelectedRemote))
        {
            // RFC 7675 §5.1: a successful check on the selected pair refreshes consent.
            _lastConsentMs = nowMs;
            if (State != IceConnectionState.Connected)
            {
                SetState(IceConnectionState.Connected, nowMs);
            }
        }
    }

    private void CloseWith(IceCloseReason reason, long nowMs)
    {
        if (State == IceConnectionState.Closed)
        {
            return;
        }

        CloseReason = reason;
        IceLog.Closed(_logger, _localUfragText, reason);
        SetState(IceConnectionState.Closed, nowMs);
    }

    private void SetState(IceConnectionState state, long nowMs)
    {
        State = state;
        IceLog.StateChanged(_logger, _localUfragText, state);
        Enqueue(IceEventKind.StateChanged, null, nowMs, state);
    }

    private void Enqueue(IceEventKind kind, IPEndPoint? remote, long nowMs, IceConnectionState state) =>
        _events.Enqueue(new IceEvent(kind, state, remote, nowMs));
}
