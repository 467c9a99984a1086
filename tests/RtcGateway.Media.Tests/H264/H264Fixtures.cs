namespace RtcGateway.Media.Tests.H264;

/// <summary>Parameter sets extracted from /work/shared/media clips with
/// <c>ffmpeg -i clip -c copy -bsf:v h264_mp4toannexb -frames:v 1 -f h264 -</c>.</summary>
internal static class H264Fixtures
{
    /// <summary>car-detection.mp4: Baseline (66), constraint_set0, level 2.2, 768x432.</summary>
    public static readonly byte[] CarSps = Convert.FromHexString("6742801696540601bd3506060640000003004000000661");

    public static readonly byte[] CarPps = Convert.FromHexString("68ce3520");

    /// <summary>bottle-detection.mp4: High (100), level 3.0, 640x368 coded cropped to 640x360 (x264).</summary>
    public static readonly byte[] BottleSps = Convert.FromHexString("6764001eacd940a02ff97011000003000600000301660f162d96");

    public static readonly byte[] BottlePps = Convert.FromHexString("68ebe24b22c0");

    public static byte[] AnnexBOf(params byte[][] nals) =>
        nals.SelectMany((n, i) => (i % 2 == 0 ? new byte[] { 0, 0, 0, 1 } : new byte[] { 0, 0, 1 }).Concat(n)).ToArray();

    /// <summary>Deterministic random/mutated inputs: pure random bytes, and mutations (bit flips, truncation, insertions) of the seeds.</summary>
    public static IEnumerable<byte[]> Mutations(int seed, int count, params byte[][] seeds)
    {
        var rng = new Random(seed);
        for (int i = 0; i < count; i++)
        {
            byte[] b;
            if (i % 4 == 0)
            {
                b = new byte[rng.Next(0, 64)];
                rng.NextBytes(b);
            }
            else
            {
                b = (byte[])seeds[rng.Next(seeds.Length)].Clone();
                int mutations = rng.Next(1, 6);
                for (int m = 0; m < mutations && b.Length > 0; m++)
                {
                    switch (rng.Next(4))
                    {
                        case 0: b[rng.Next(b.Length)] ^= (byte)(1 << rng.Next(8)); break;
                        case 1: b[rng.Next(b.Length)] = (byte)rng.Next(256); break;
                        case 2: b = b[..rng.Next(b.Length + 1)]; break;
                        default:
                            int at = rng.Next(b.Length + 1);
                            b = [.. b[..at], (byte)rng.Next(3), .. b[at..]];
                            break;
                    }
                }
            }

            yield return b;
        }
    }
}
