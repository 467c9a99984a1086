using Microsoft.Extensions.Options;

namespace RtcGateway.Server.Mjpeg;

/// <summary>Registers the MJPEG services: <see cref="JpegFanoutRegistry"/> and <see cref="MjpegOptions"/> (validated on start).</summary>
public static class MjpegServiceCollectionExtensions
{
    /// <summary>Adds the MJPEG services, binding <see cref="MjpegOptions"/> from <c>Gateway:Mjpeg</c> of <paramref name="configuration"/>.</summary>
    public static IServiceCollection AddMjpeg(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MjpegOptions>().Bind(configuration.GetSection(MjpegOptions.SectionPath)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<MjpegOptions>, MjpegOptionsValidator>();
        services.AddSingleton<JpegFanoutRegistry>();
        return services;
    }
}
