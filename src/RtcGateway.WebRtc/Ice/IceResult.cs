namespace RtcGateway.WebRtc.Ice;

/// <summary>
/// Outcome of <see cref="IceLiteAgent.HandleBindingRequest"/>. Values up to <see cref="UnknownAttribute"/>
/// normally come with a response to send back to the request's source (see <see cref="IceResultExtensions.IsValidCheck"/>
/// and the <c>responseLength</c> out parameter, which is authoritative: 0 means send nothing).
/// </summary>
public enum IceResult
{
    /// <summary>Valid check (authenticated Binding request): 200 success response written (RFC 8445 §7.3.1).</summary>
    Success,

    /// <summary>The request carried ICE-CONTROLLED: 487 Role Conflict written (RFC 8445 §7.3.1.1; a lite agent is always controlled).</summary>
    RoleConflict,

    /// <summary>USERNAME or MESSAGE-INTEGRITY missing: 400 Bad Request written (RFC 8489 §9.1.3), unless unauthenticated responses are disabled.</summary>
    BadRequest,

    /// <summary>USERNAME is not "localUfrag:remoteUfrag": 401 Unauthorized written (RFC 8489 §9.1.3), unless disabled.</summary>
    WrongUsername,

    /// <summary>MESSAGE-INTEGRITY does not verify with the local ice-pwd: 401 Unauthorized written (RFC 8489 §9.1.3), unless disabled.</summary>
    BadIntegrity,

    /// <summary>Unknown comprehension-required attribute: 420 with UNKNOWN-ATTRIBUTES written (RFC 8489 §6.3.1).</summary>
    UnknownAttribute,

    /// <summary>Dropped: not a well-formed STUN message (RFC 8489 §6.3).</summary>
    Malformed,

    /// <summary>Dropped: FINGERPRINT present but wrong (RFC 8489 §14.7, RFC 8445 §7.3).</summary>
    BadFingerprint,

    /// <summary>Dropped: well-formed STUN but not a Binding request (indication, response or other method); nothing to answer.</summary>
    Ignored,

    /// <summary>Dropped: the agent is <see cref="IceConnectionState.Closed"/>.</summary>
    Closed,

    /// <summary>Dropped: the response buffer is shorter than <see cref="IceLiteAgent.MaxResponseLength"/>.</summary>
    ResponseBufferTooSmall,
}

/// <summary>Helpers for <see cref="IceResult"/>.</summary>
public static class IceResultExtensions
{
    /// <summary>True when the request was an authenticated, accepted connectivity check (the source is a valid remote address).</summary>
    /// <param name="result">The result.</param>
    /// <returns>True only for <see cref="IceResult.Success"/>.</returns>
    public static bool IsValidCheck(this IceResult result) => result == IceResult.Success;
}
