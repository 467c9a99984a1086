namespace RtcGateway.WebRtc.Tests.Stun;

internal static class Hex
{
    /// <summary>Hex as printed in RFCs (spaces and line breaks allowed) to bytes.</summary>
    public static byte[] Parse(string text)
    {
        string digits = new(text.Where(Uri.IsHexDigit).ToArray());
        return Convert.FromHexString(digits);
    }
}
