using System.ComponentModel.DataAnnotations;

namespace RtcGateway.Media.Configuration;

/// <summary>
/// Configuration keys of validated options members, so that validation messages name the key to fix
/// (<c>Gateway:Cameras:1:Width</c>, <c>Gateway:WebRtc:Candidates:0</c>). The <c>[OptionsValidator]</c> source generator
/// (Microsoft.Extensions.Options) sets <see cref="ValidationContext.DisplayName"/> to <c>{name}.{Member}</c>, nested
/// members to <c>{name}.{Child}.{Member}</c>, and <c>{name}.Validate</c> for <see cref="IValidatableObject"/>; validators run
/// the generated checks with the section path as <c>name</c>, and here the dots become the configuration separator ':'.
/// </summary>
public static class ConfigurationKey
{
    /// <summary>The section path of the object under validation, e.g. <c>Gateway:WebRtc</c> for display name
    /// <c>Gateway.WebRtc.UdpPort</c> (member <c>UdpPort</c>) or <c>Gateway.WebRtc.Validate</c>.</summary>
    /// <param name="context">The context the generated validator passes to an attribute or to
    /// <see cref="IValidatableObject.Validate"/>.</param>
    /// <returns>The section path with ':' separators.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="context"/> is null.</exception>
    public static string SectionOf(ValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        string display = context.DisplayName;
        string? member = context.MemberName;
        if (!string.IsNullOrEmpty(member) && display.Length > member.Length
            && display.EndsWith(member, StringComparison.Ordinal) && display[^(member.Length + 1)] == '.')
        {
            display = display[..^(member.Length + 1)];
        }

        return display.Replace('.', ':');
    }

    /// <summary>The key of <paramref name="member"/> in the section under validation, e.g. <c>Gateway:WebRtc:BindAddress</c>.</summary>
    /// <param name="context">As for <see cref="SectionOf"/>.</param>
    /// <param name="member">The member name or a sub-key such as <c>Candidates:0</c>.</param>
    /// <returns><c>{section}:{member}</c>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="context"/> is null.</exception>
    public static string Of(ValidationContext context, string member) => SectionOf(context) + ":" + member;
}
