using System.Globalization;
using System.Text;

namespace RtcGateway.Media.Pipelines;

/// <summary>
/// Quoting of property values for <c>gst_parse_launch</c> (GStreamer core, gst/parse/grammar.y and gstvalue.c).
/// The parser takes a value up to the next unquoted white space or <c>!</c>; a value in double quotes may hold any
/// character, with <c>\</c> escaping the next character. After unquoting and unescaping, a string value that still
/// begins with <c>"</c> is deserialised again by <c>gst_value_deserialize</c> (GstValue string rules, which unwrap a second
/// level of quotes), so such values are wrapped twice.
/// </summary>
public static class GstLaunchSyntax
{
    /// <summary>
    /// Returns <paramref name="value"/> ready to follow <c>property=</c> in a launch description: unchanged when it only holds
    /// characters that need no quoting (letters, digits, <c>_ - . / : + ,</c> and <c>@</c>), otherwise double-quoted with
    /// <c>\</c> and <c>"</c> escaped. The parser yields exactly <paramref name="value"/> as the string property.
    /// </summary>
    /// <param name="value">Any string without NUL characters.</param>
    /// <returns>The token to write after <c>=</c>.</returns>
    /// <exception cref="ArgumentException"><paramref name="value"/> contains a NUL character (C strings cannot carry it).</exception>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is null.</exception>
    public static string QuoteValue(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException("value contains a NUL character", nameof(value));
        }

        if (value.Length != 0 && value.All(IsPlain) && !value.StartsWith('-'))
        {
            return value;
        }

        string content = value.StartsWith('"') ? GstStringWrap(value) : value;
        var sb = new StringBuilder(content.Length + 8);
        sb.Append('"');
        foreach (char c in content)
        {
            if (c is '"' or '\\')
            {
                sb.Append('\\');
            }

            sb.Append(c);
        }

        return sb.Append('"').ToString();
    }

    private static bool IsPlain(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' or '/' or ':' or '+' or ',' or '@';

    // gstvalue.c gst_string_wrap: quote, escape '"' and '\', octal-escape bytes outside printable ASCII (of the UTF-8 encoding).
    private static string GstStringWrap(string value)
    {
        var sb = new StringBuilder(value.Length + 8);
        sb.Append('"');
        foreach (byte b in Encoding.UTF8.GetBytes(value))
        {
            if (b is (byte)'"' or (byte)'\\')
            {
                sb.Append('\\').Append((char)b);
            }
            else if (b < 0x20 || b >= 0x7f)
            {
                sb.Append('\\').Append(Convert.ToString(b, 8).PadLeft(3, '0'));
            }
            else
            {
                sb.Append((char)b);
            }
        }

        return sb.Append('"').ToString();
    }

    /// <summary>Formats an integer property value (invariant culture).</summary>
    /// <param name="value">The value.</param>
    internal static string Int(long value) => value.ToString(CultureInfo.InvariantCulture);
}
