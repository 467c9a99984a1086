namespace RtcGateway.WebRtc.Bwe;

/// <summary>
/// Application-limited region detection: the sender is application limited when it sent less than
/// <see cref="AlrFraction"/> of the target over the last <see cref="WindowUs"/> (the encoder produces less than the
/// path allows, so delay feedback cannot show spare capacity and probing must). Sent bytes go into
/// <see cref="BucketCount"/> fixed buckets of <see cref="BucketUs"/> (no allocation). Times µs, rates bits/s.
/// </summary>
internal sealed class AlrDetector
{
    /// <summary>Sending below this fraction of the target counts as application limited.</summary>
    public const double AlrFraction = 0.65;

    /// <summary>Width of one bucket, µs.</summary>
    public const long BucketUs = 50_000;

    /// <summary>Buckets in the window.</summary>
    public const int BucketCount = 10;

    /// <summary>The measurement window, µs.</summary>
    public const long WindowUs = BucketUs * BucketCount;

    private readonly long[] _bytes = new long[BucketCount];
    private long _currentBucket = long.MinValue;
    private long _firstBucket;

    /// <summary>Records one sent packet (sizes outside 1–65,535 bytes are ignored).</summary>
    /// <param name="sendTimeUs">Send time, µs.</param>
    /// <param name="sizeBytes">Bytes sent.</param>
    public void OnPacketSent(long sendTimeUs, int sizeBytes)
    {
        Advance(sendTimeUs);
        if (sizeBytes > 0 && sizeBytes <= 65_535)
        {
            _bytes[(int)(((_currentBucket % BucketCount) + BucketCount) % BucketCount)] += sizeBytes;
        }
    }

    /// <summary>Sent rate over the complete buckets of the window, bits/s, or null before one window of history.</summary>
    public long? SentBitrateBps(long nowUs)
    {
        Advance(nowUs);
        if (_currentBucket == long.MinValue || _currentBucket - _firstBucket < BucketCount)
        {
            return null;
        }

        // The complete buckets only: the current one is still filling.
        long sum = 0;
        for (int i = 0; i < BucketCount; i++)
        {
            if (i != (int)(((_currentBucket % BucketCount) + BucketCount) % BucketCount))
            {
                sum += _bytes[i];
            }
        }

        return sum * 8 * 1_000_000 / (WindowUs - BucketUs);
    }

    /// <summary>True when the sent rate is known and below <see cref="AlrFraction"/> of <paramref name="targetBps"/>.</summary>
    public bool InAlr(long targetBps, long nowUs) => SentBitrateBps(nowUs) is long sent && sent < AlrFraction * targetBps;

    private void Advance(long nowUs)
    {
        long bucket = nowUs / BucketUs;
        if (_currentBucket == long.MinValue || bucket < _currentBucket - BucketCount)
        {
            Array.Clear(_bytes);
            _currentBucket = bucket;
            _firstBucket = bucket;
            return;
        }

        if (bucket <= _currentBucket)
        {
            return;
        }

        long steps = Math.Min(bucket - _currentBucket, BucketCount);
        for (long i = 1; i <= steps; i++)
        {
            _bytes[(int)((((_currentBucket + i) % BucketCount) + BucketCount) % BucketCount)] = 0;
        }

        _currentBucket = bucket;
    }
}
