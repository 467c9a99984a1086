using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Options;

namespace RtcGateway.Server.Mjpeg;

/// <summary>Registers the MJPEG services: <see cref="JpegFanoutRegistry"/>, <see cref="MjpegOptions"/> (validated on start)
/// and Kestrel's response buffer limit (<see cref="MjpegOptions.ResponseBufferBytes"/>).</summary>
public static class MjpegServiceCollectionExtensions
{
    /// <summary>Adds the MJPEG services, binding <see cref="MjpegOptions"/> from <c>Gateway:Mjpeg</c> of <paramref name="configuration"/>.</summary>
    public static IServiceCollection AddMjpeg(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MjpegOptions>().Bind(configuration.GetSection(MjpegOptions.SectionPath)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<MjpegOptions>, MjpegOptionsValidator>();
        services.AddSingleton<JpegFanoutRegistry>();
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<MjpegOptions>>((kestrel, mjpeg) =>
        {
            int bytes = mjpeg.Value.ResponseBufferBytes;
            if (bytes >= 0)
            {
                kestrel.Limits.MaxResponseBufferSize = bytes;
            }
        });
        services.AddOptions<SocketTransportOptions>().Configure<IOptions<MjpegOptions>>((transport, mjpeg) =>
        {
            int bytes = mjpeg.Value.ResponseBufferBytes;
            if (bytes >= 0)
            {
                transport.MaxWriteBufferSize = Math.Max(1, bytes); // 0 would mean "unlimited" here; 1 is the tightest
            }
        });
        return services;
    }
}
