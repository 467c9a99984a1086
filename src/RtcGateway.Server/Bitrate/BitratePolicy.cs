namespace RtcGateway.Server.Bitrate;

/// <summary>
/// Turns many viewers' bandwidth estimates into one encoder target per camera (one camera = one encoding, so every viewer
/// gets the same stream). Pure: the inputs are the votes and "now"; no clock, no state.
/// <list type="number">
/// <item>Votes without an estimate, or with one older than <see cref="StaleAfterMs"/>, are ignored (a receiver whose
/// feedback stopped is its own estimator's and its consent timer's business; an old value must not pin the camera).</item>
/// <item>If the session that holds the camera's control lease (the operator) votes, its estimate governs: teleoperation
/// needs the operator's picture to fit the operator's path, and the operator must not be starved by a spectator on a
/// poor link.</item>
/// <item>Otherwise the lowest estimate governs, so every viewer can carry the stream.</item>
/// <item>No vote: the configured maximum.</item>
/// </list>
/// The result is clamped to <c>MinBitrateKbps..BitrateKbps</c>. Viewers whose estimate stays below the target (spectators
/// under an operator, or anyone below MinBitrateKbps) are counted in <see cref="BitrateDecision.ViewersBelowTarget"/>;
/// they are served by the session's bounded send queue, which drops whole frames up to the next keyframe.
/// </summary>
public static class BitratePolicy
{
    /// <summary>An estimate older than this does not vote, ms.</summary>
    public const long StaleAfterMs = 5000;

    /// <summary>Chooses the target of one camera.</summary>
    /// <param name="minKbps">The camera's MinBitrateKbps.</param>
    /// <param name="maxKbps">The camera's BitrateKbps (≥ <paramref name="minKbps"/>).</param>
    /// <param name="operatorSessionId">The control lease holder of the camera, or null.</param>
    /// <param name="votes">The camera's sessions (any order; may be empty).</param>
    /// <param name="nowMs">Now, on the same monotonic ms clock as <see cref="IBitrateEstimateSource.EstimateUpdatedAtMs"/>.</param>
    /// <returns>The decision.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="votes"/> is null.</exception>
    public static BitrateDecision Decide(int minKbps, int maxKbps, string? operatorSessionId,
        IEnumerable<IBitrateEstimateSource> votes, long nowMs)
    {
        ArgumentNullException.ThrowIfNull(votes);
        long? operatorBps = null;
        long lowestBps = long.MaxValue;
        string? lowestSession = null;
        var fresh = new List<long>();
        foreach (IBitrateEstimateSource vote in votes)
        {
            if (vote.EstimatedBitrateBps is not { } bps || nowMs - vote.EstimateUpdatedAtMs > StaleAfterMs)
            {
                continue;
            }

            fresh.Add(bps);
            if (operatorSessionId is not null && string.Equals(vote.SessionId, operatorSessionId, StringComparison.Ordinal))
            {
                operatorBps = bps;
            }

            if (bps < lowestBps)
            {
                lowestBps = bps;
                lowestSession = vote.SessionId;
            }
        }

        (long governingBps, BitrateGovernor governor, string? session) = operatorBps is { } op
            ? (op, BitrateGovernor.Operator, operatorSessionId)
            : lowestSession is not null
                ? (lowestBps, BitrateGovernor.LowestViewer, lowestSession)
                : ((long)maxKbps * 1000, BitrateGovernor.Configured, (string?)null);
        int target = (int)Math.Clamp(governingBps / 1000, minKbps, Math.Max(minKbps, maxKbps));
        int below = fresh.Count(bps => bps < (long)target * 1000);
        return new BitrateDecision(target, governor, session, below);
    }
}
