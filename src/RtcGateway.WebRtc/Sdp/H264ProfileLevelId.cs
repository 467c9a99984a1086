using System.Globalization;

namespace RtcGateway.WebRtc.Sdp;

/// <summary>
/// The RFC 6184 §8.1 <c>profile-level-id</c>: three bytes profile_idc, profile-iop (constraint_set0..5 flags + 2 reserved
/// bits) and level_idc, written as six hex digits ("42e01f"), classified into an <see cref="H264Profile"/> and an
/// <see cref="H264Level"/> per ITU-T H.264 Annex A.
/// <para>
/// Decodability rule implemented by <see cref="IsDecodableBy"/> (a stream of this profile sent to a receiver that offered
/// <c>offered</c>): Constrained Baseline is decodable by Constrained Baseline, Baseline, Main, Constrained High and High
/// receivers (it is the common subset, H.264 A.2.1.1); Baseline only by Baseline (FMO/ASO are not in Main/High); Main by
/// Main and High; Constrained High by Constrained High and High; High only by High; High 4:4:4 Predictive only by itself.
/// Level: the source level must not exceed the offered level, unless the offer has <c>level-asymmetry-allowed=1</c> (RFC
/// 6184 §8.2.2; the gateway always answers it), in which case any level is accepted: browsers' offered levels (3.1 in
/// 42e01f) are defaults, and libwebrtc's decoders do not enforce them.
/// </para>
/// </summary>
public sealed record H264ProfileLevelId
{
    private H264ProfileLevelId(byte profileIdc, byte profileIop, byte levelIdc, H264Profile profile, H264Level level)
    {
        ProfileIdc = profileIdc;
        ProfileIop = profileIop;
        LevelIdc = levelIdc;
        Profile = profile;
        Level = level;
    }

    /// <summary>RFC 6184 §8.1 default when <c>profile-level-id</c> is absent: 42000a (Baseline, level 1).</summary>
    public static H264ProfileLevelId Default { get; } = new(0x42, 0x00, 0x0A, H264Profile.Baseline, H264Level.Level1);

    /// <summary>profile_idc (66 Baseline, 77 Main, 88 Extended, 100 High, 244 High 4:4:4 Predictive).</summary>
    public byte ProfileIdc { get; }

    /// <summary>profile-iop byte: constraint_set0_flag (0x80) … constraint_set5_flag (0x04), reserved (0x03).</summary>
    public byte ProfileIop { get; }

    /// <summary>level_idc (e.g. 31 = 0x1f for level 3.1).</summary>
    public byte LevelIdc { get; }

    /// <summary>The profile class.</summary>
    public H264Profile Profile { get; }

    /// <summary>The level.</summary>
    public H264Level Level { get; }

    /// <summary>
    /// Parses six hex digits (either case). Never throws.
    /// </summary>
    /// <param name="text">The <c>profile-level-id</c> value, e.g. "42e01f".</param>
    /// <param name="value">The parsed value, or null.</param>
    /// <returns>False when the text is not six hex digits, profile_idc/constraint flags match no <see cref="H264Profile"/>
    /// (e.g. 88 without constraint_set0, 110 High 10), or level_idc is not in H.264 Table A-1.</returns>
    public static bool TryParse(string? text, out H264ProfileLevelId? value)
    {
        value = null;
        if (text is null || text.Length != 6
            || !uint.TryParse(text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var bits))
        {
            return false;
        }

        return TryCreate((byte)(bits >> 16), (byte)(bits >> 8), (byte)bits, out value);
    }

    /// <summary>
    /// Builds a value from the three SPS bytes (profile_idc, the constraint flags byte, level_idc), e.g. from
    /// <c>H264SpsInfo</c>. Never throws.
    /// </summary>
    /// <param name="profileIdc">profile_idc.</param>
    /// <param name="profileIop">constraint_set flags byte.</param>
    /// <param name="levelIdc">level_idc.</param>
    /// <param name="value">The value, or null when the profile or level is not recognised (see <see cref="TryParse"/>).</param>
    /// <returns>True when recognised.</returns>
    public static bool TryCreate(byte profileIdc, byte profileIop, byte levelIdc, out H264ProfileLevelId? value)
    {
        value = null;
        var set0 = (profileIop & 0x80) != 0;
        var set1 = (profileIop & 0x40) != 0;
        var set3 = (profileIop & 0x10) != 0;
        var set4 = (profileIop & 0x08) != 0;
        var set5 = (profileIop & 0x04) != 0;
        H264Profile? profile = profileIdc switch
        {
            66 => set1 ? H264Profile.ConstrainedBaseline : H264Profile.Baseline,
            77 => set0 ? H264Profile.ConstrainedBaseline : H264Profile.Main,
            88 when set0 && set1 => H264Profile.ConstrainedBaseline,
            88 when set0 => H264Profile.Baseline,
            100 => set4 && set5 ? H264Profile.ConstrainedHigh : H264Profile.High,
            244 => H264Profile.PredictiveHigh444,
            _ => null,
        };
        if (profile is null)
        {
            return false;
        }

        // H.264 A.3.1/A.3.2: level 1b is level_idc 11 + constraint_set3 in Baseline/Main/Extended, level_idc 9 otherwise.
        var baselineFamily = profileIdc is 66 or 77 or 88;
        H264Level? level = levelIdc switch
        {
            9 when !baselineFamily => H264Level.Level1b,
            10 => H264Level.Level1,
            11 when baselineFamily && set3 => H264Level.Level1b,
            11 => H264Level.Level1_1,
            12 => H264Level.Level1_2,
            13 => H264Level.Level1_3,
            20 => H264Level.Level2,
            21 => H264Level.Level2_1,
            22 => H264Level.Level2_2,
            30 => H264Level.Level3,
            31 => H264Level.Level3_1,
            32 => H264Level.Level3_2,
            40 => H264Level.Level4,
            41 => H264Level.Level4_1,
            42 => H264Level.Level4_2,
            50 => H264Level.Level5,
            51 => H264Level.Level5_1,
            52 => H264Level.Level5_2,
            60 => H264Level.Level6,
            61 => H264Level.Level6_1,
            62 => H264Level.Level6_2,
            _ => null,
        };
        if (level is null)
        {
            return false;
        }

        value = new H264ProfileLevelId(profileIdc, profileIop, levelIdc, profile.Value, level.Value);
        return true;
    }

    /// <summary>True when a receiver of <paramref name="profile"/> can decode a stream of <paramref name="source"/> profile
    /// (see the type summary for the table).</summary>
    /// <param name="source">Profile of the stream sent.</param>
    /// <param name="profile">Profile the receiver offered.</param>
    /// <returns>True when decodable.</returns>
    public static bool IsProfileDecodableBy(H264Profile source, H264Profile profile) => source switch
    {
        H264Profile.ConstrainedBaseline => profile is H264Profile.ConstrainedBaseline or H264Profile.Baseline
            or H264Profile.Main or H264Profile.ConstrainedHigh or H264Profile.High,
        H264Profile.Baseline => profile is H264Profile.Baseline,
        H264Profile.Main => profile is H264Profile.Main or H264Profile.High,
        H264Profile.ConstrainedHigh => profile is H264Profile.ConstrainedHigh or H264Profile.High,
        H264Profile.High => profile is H264Profile.High,
        H264Profile.PredictiveHigh444 => profile is H264Profile.PredictiveHigh444,
        _ => false,
    };

    /// <summary>True when a stream with this profile-level-id can be sent to a receiver that offered <paramref name="offered"/>
    /// (profile rule of <see cref="IsProfileDecodableBy"/>; level must be ≤ the offered level unless
    /// <paramref name="levelAsymmetryAllowed"/>).</summary>
    /// <param name="offered">The receiver's offered profile-level-id.</param>
    /// <param name="levelAsymmetryAllowed">The offer's <c>level-asymmetry-allowed=1</c>.</param>
    /// <returns>True when compatible.</returns>
    public bool IsDecodableBy(H264ProfileLevelId offered, bool levelAsymmetryAllowed)
    {
        ArgumentNullException.ThrowIfNull(offered);
        return IsProfileDecodableBy(Profile, offered.Profile) && (levelAsymmetryAllowed || Level <= offered.Level);
    }

    /// <summary>The six lower-case hex digits, e.g. "42e01f".</summary>
    /// <returns>The profile-level-id text.</returns>
    public override string ToString() => $"{ProfileIdc:x2}{ProfileIop:x2}{LevelIdc:x2}";
}
