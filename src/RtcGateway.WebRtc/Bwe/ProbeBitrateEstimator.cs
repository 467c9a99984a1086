namespace RtcGateway.WebRtc.Bwe;

/// <summary>
/// Measures what a probe cluster got through: from the <see cref="PacketResult"/>s with a
/// <see cref="PacketResult.ProbeClusterId"/> ≥ 0 it computes the cluster's send rate (bytes but the last sent over
/// the first-to-last send interval) and receive rate (bytes but the first received over the first-to-last arrival
/// interval). The result is min(send, receive); when the receive rate is below 90 % of the send rate the path was
/// saturated and the result is 95 % of the receive rate (leave room for the queue to drain).
/// A cluster gives one result, once at least 80 % of its requested packets and bytes were received; a result is
/// refused when an interval is not positive or longer than <see cref="MaxIntervalUs"/>, or the receive rate exceeds
/// twice the send rate (clock nonsense). A fixed table of <see cref="MaxClusters"/> clusters (no allocation).
/// Rates bits/s, times µs.
/// </summary>
internal sealed class ProbeBitrateEstimator
{
    /// <summary>Clusters tracked at once; the oldest is replaced.</summary>
    public const int MaxClusters = 8;

    /// <summary>A cluster whose send or receive spread exceeds this is refused, µs.</summary>
    public const long MaxIntervalUs = 1_000_000;

    /// <summary>Fraction of the requested packets and bytes that must have been received.</summary>
    public const double MinReceivedRatio = 0.8;

    /// <summary>Packets assumed requested for a cluster the estimator was not told about.</summary>
    public const int DefaultMinPackets = 5;

    private readonly Cluster[] _clusters = new Cluster[MaxClusters];
    private int _nextSlot;

    /// <summary>Results produced, count.</summary>
    public long Results { get; private set; }

    /// <summary>Clusters refused for inconsistent intervals or rates, count.</summary>
    public long Refused { get; private set; }

    /// <summary>Tells the estimator what was asked for a cluster (its completeness criteria).</summary>
    public void Register(ProbeClusterRequest request)
    {
        ref Cluster slot = ref Find(request.ClusterId);
        slot.MinPackets = request.MinPackets;
        slot.MinBytes = request.MinBytes;
    }

    /// <summary>Adds one received probe packet; returns true with the cluster's rate when it completes a result.</summary>
    /// <param name="packet">A received packet with ProbeClusterId ≥ 0.</param>
    /// <param name="bitrateBps">The cluster's measured rate, bits/s.</param>
    public bool TryAdd(in PacketResult packet, out long bitrateBps)
    {
        bitrateBps = 0;
        if (packet.ProbeClusterId < 0 || !packet.Received || packet.SizeBytes <= 0)
        {
            return false;
        }

        ref Cluster c = ref Find(packet.ProbeClusterId);
        if (c.Packets == 0)
        {
            c.FirstSendUs = c.LastSendUs = packet.SendTimeUs;
            c.FirstArrivalUs = c.LastArrivalUs = packet.ArrivalTimeUs;
            c.LastSendSize = c.FirstArrivalSize = packet.SizeBytes;
        }
        else
        {
            if (packet.SendTimeUs < c.FirstSendUs)
            {
                c.FirstSendUs = packet.SendTimeUs;
            }

            if (packet.SendTimeUs >= c.LastSendUs)
            {
                c.LastSendUs = packet.SendTimeUs;
                c.LastSendSize = packet.SizeBytes;
            }

            if (packet.ArrivalTimeUs < c.FirstArrivalUs)
            {
                c.FirstArrivalUs = packet.ArrivalTimeUs;
                c.FirstArrivalSize = packet.SizeBytes;
            }

            c.LastArrivalUs = Math.Max(c.LastArrivalUs, packet.ArrivalTimeUs);
        }

        c.Packets++;
        c.Bytes += packet.SizeBytes;
        if (c.Reported)
        {
            return false;
        }

        int minPackets = c.MinPackets > 0 ? c.MinPackets : DefaultMinPackets;
        if (c.Packets < Math.Max(2, minPackets * MinReceivedRatio) || c.Bytes < c.MinBytes * MinReceivedRatio)
        {
            return false;
        }

        long sendInterval = c.LastSendUs - c.FirstSendUs;
        long receiveInterval = c.LastArrivalUs - c.FirstArrivalUs;
        if (sendInterval <= 0 || receiveInterval <= 0 || sendInterval > MaxIntervalUs || receiveInterval > MaxIntervalUs)
        {
            if (sendInterval > MaxIntervalUs || receiveInterval > MaxIntervalUs || sendInterval < 0 || receiveInterval < 0)
            {
                c.Reported = true;
                Refused++;
            }

            return false;
        }

        double sendBps = (c.Bytes - c.LastSendSize) * 8.0 * 1_000_000 / sendInterval;
        double receiveBps = (c.Bytes - c.FirstArrivalSize) * 8.0 * 1_000_000 / receiveInterval;
        c.Reported = true;
        if (receiveBps > 2 * sendBps || !(receiveBps > 0))
        {
            Refused++;
            return false;
        }

        double result = receiveBps < 0.9 * sendBps ? 0.95 * receiveBps : Math.Min(sendBps, receiveBps);
        bitrateBps = (long)result;
        Results++;
        return true;
    }

    private ref Cluster Find(int clusterId)
    {
        for (int i = 0; i < MaxClusters; i++)
        {
            if (_clusters[i].InUse && _clusters[i].Id == clusterId)
            {
                return ref _clusters[i];
            }
        }

        int slot = _nextSlot;
        _nextSlot = (_nextSlot + 1) % MaxClusters;
        _clusters[slot] = new Cluster { InUse = true, Id = clusterId };
        return ref _clusters[slot];
    }

    private struct Cluster
    {
        public bool InUse;
        public int Id;
        public int MinPackets;
        public int MinBytes;
        public int Packets;
        public long Bytes;
        public long FirstSendUs;
        public long LastSendUs;
        public int LastSendSize;
        public long FirstArrivalUs;
        public long LastArrivalUs;
        public int FirstArrivalSize;
        public bool Reported;
    }
}
