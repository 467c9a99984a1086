namespace RtcGateway.WebRtc.Sdp;

/// <summary>
/// H.264 levels (ITU-T H.264 Table A-1) in increasing order of capability, so levels compare with &lt; and &gt;.
/// Level 1b is level_idc 11 with constraint_set3 for Baseline/Main/Extended profiles, or level_idc 9 otherwise.
/// </summary>
public enum H264Level
{
    /// <summary>Level 1 (level_idc 10).</summary>
    Level1,

    /// <summary>Level 1b.</summary>
    Level1b,

    /// <summary>Level 1.1 (level_idc 11).</summary>
    Level1_1,

    /// <summary>Level 1.2 (level_idc 12).</summary>
    Level1_2,

    /// <summary>Level 1.3 (level_idc 13).</summary>
    Level1_3,

    /// <summary>Level 2 (level_idc 20).</summary>
    Level2,

    /// <summary>Level 2.1 (level_idc 21).</summary>
    Level2_1,

    /// <summary>Level 2.2 (level_idc 22).</summary>
    Level2_2,

    /// <summary>Level 3 (level_idc 30).</summary>
    Level3,

    /// <summary>Level 3.1 (level_idc 31; 1280×720 at 30 fps).</summary>
    Level3_1,

    /// <summary>Level 3.2 (level_idc 32).</summary>
    Level3_2,

    /// <summary>Level 4 (level_idc 40; 1920×1080 at 30 fps).</summary>
    Level4,

    /// <summary>Level 4.1 (level_idc 41).</summary>
    Level4_1,

    /// <summary>Level 4.2 (level_idc 42).</summary>
    Level4_2,

    /// <summary>Level 5 (level_idc 50).</summary>
    Level5,

    /// <summary>Level 5.1 (level_idc 51).</summary>
    Level5_1,

    /// <summary>Level 5.2 (level_idc 52).</summary>
    Level5_2,

    /// <summary>Level 6 (level_idc 60).</summary>
    Level6,

    /// <summary>Level 6.1 (level_idc 61).</summary>
    Level6_1,

    /// <summary>Level 6.2 (level_idc 62).</summary>
    Level6_2,
}
