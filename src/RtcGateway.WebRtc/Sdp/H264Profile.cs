namespace RtcGateway.WebRtc.Sdp;

/// <summary>
/// H.264 profile classes as WebRTC endpoints negotiate them (the classification libwebrtc uses), derived from profile_idc and
/// the constraint_set flags of an RFC 6184 §8.1 <c>profile-level-id</c> following ITU-T H.264 Annex A.2.
/// </summary>
public enum H264Profile
{
    /// <summary>Constrained Baseline (A.2.1.1): profile_idc 66 with constraint_set1, 77 with constraint_set0, or 88 with
    /// constraint_set0 and constraint_set1. Decodable by every WebRTC H.264 decoder.</summary>
    ConstrainedBaseline,

    /// <summary>Baseline (A.2.1): profile_idc 66 without constraint_set1, or 88 with only constraint_set0 (FMO/ASO allowed).</summary>
    Baseline,

    /// <summary>Main (A.2.2): profile_idc 77 without constraint_set0.</summary>
    Main,

    /// <summary>Constrained High (A.2.4.2): profile_idc 100 with constraint_set4 and constraint_set5 (no B slices).</summary>
    ConstrainedHigh,

    /// <summary>High (A.2.4): profile_idc 100 otherwise.</summary>
    High,

    /// <summary>High 4:4:4 Predictive (A.2.11): profile_idc 244.</summary>
    PredictiveHigh444,
}
