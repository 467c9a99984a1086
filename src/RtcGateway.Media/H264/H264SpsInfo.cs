namespace RtcGateway.Media.H264;

/// <summary>
/// Facts parsed from an H.264 sequence parameter set (ITU-T H.264 §7.3.2.1.1) that signalling needs.
/// </summary>
/// <param name="ProfileIdc">profile_idc (66 Baseline, 77 Main, 100 High, …).</param>
/// <param name="ConstraintFlags">The byte holding constraint_set0_flag … constraint_set5_flag and the two reserved zero bits,
/// exactly as in the SPS (the middle byte of RFC 6184 §8.1 profile-level-id).</param>
/// <param name="LevelIdc">level_idc (e.g. 31 for level 3.1).</param>
/// <param name="Width">Coded width minus cropping, pixels.</param>
/// <param name="Height">Coded height minus cropping, pixels.</param>
public sealed record H264SpsInfo(byte ProfileIdc, byte ConstraintFlags, byte LevelIdc, int Width, int Height)
{
    /// <summary>The RFC 6184 §8.1 <c>profile-level-id</c>: six lower-case hex digits, profile_idc, constraint byte, level_idc.</summary>
    public string ProfileLevelId => $"{ProfileIdc:x2}{ConstraintFlags:x2}{LevelIdc:x2}";
}
