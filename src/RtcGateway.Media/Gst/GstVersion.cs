namespace RtcGateway.Media.Gst;

/// <summary>
/// A GStreamer library version as reported by <c>gst_version</c> (gst.h): major.minor.micro. Ordered by
/// (major, minor, micro); odd minor numbers are development series (1.21.x precedes the 1.22 release).
/// </summary>
/// <param name="Major">Major version (1 for every GStreamer 1.x).</param>
/// <param name="Minor">Minor version, e.g. 20 on JetPack 6 (L4T r36, Ubuntu 22.04), 22 on Debian 12.</param>
/// <param name="Micro">Micro (bug-fix) version.</param>
public readonly record struct GstVersion(int Major, int Minor, int Micro) : IComparable<GstVersion>
{
    /// <summary>GStreamer 1.20.0: the series JetPack 6 ships (Ubuntu 22.04 has 1.20.3).</summary>
    public static GstVersion V1_20 { get; } = new(1, 20, 0);

    /// <summary>GStreamer 1.22.0: the series Debian 12 ships and the one the gateway is developed and tested on.</summary>
    public static GstVersion V1_22 { get; } = new(1, 22, 0);

    /// <inheritdoc />
    public int CompareTo(GstVersion other) =>
        Major != other.Major ? Major.CompareTo(other.Major)
        : Minor != other.Minor ? Minor.CompareTo(other.Minor)
        : Micro.CompareTo(other.Micro);

    /// <summary>True when <paramref name="a"/> is at least <paramref name="b"/>.</summary>
    public static bool operator >=(GstVersion a, GstVersion b) => a.CompareTo(b) >= 0;

    /// <summary>True when <paramref name="a"/> is at most <paramref name="b"/>.</summary>
    public static bool operator <=(GstVersion a, GstVersion b) => a.CompareTo(b) <= 0;

    /// <summary>True when <paramref name="a"/> is older than <paramref name="b"/>.</summary>
    public static bool operator <(GstVersion a, GstVersion b) => a.CompareTo(b) < 0;

    /// <summary>True when <paramref name="a"/> is newer than <paramref name="b"/>.</summary>
    public static bool operator >(GstVersion a, GstVersion b) => a.CompareTo(b) > 0;

    /// <summary>"major.minor.micro".</summary>
    public override string ToString() => $"{Major}.{Minor}.{Micro}";
}
