using Microsoft.Extensions.Options;
using RtcGateway.Server.Configuration;
using RtcGateway.Server.Control;
using RtcGateway.Server.Mjpeg;

namespace RtcGateway.Server.Tests.Configuration;

/// <summary>The start-time validators of Gateway:WebRtc, Gateway:Control and Gateway:Mjpeg, called as the options framework
/// calls them (through <see cref="IValidateOptions{TOptions}"/> with the default options name).</summary>
public sealed class GatewayOptionsValidatorTests
{
    private static readonly IValidateOptions<GatewayOptions> Gateway = new GatewayOptionsValidator();
    private static readonly IValidateOptions<MjpegOptions> Mjpeg = new MjpegOptionsValidator();

    private static IEnumerable<string> Failures(GatewayOptions options) =>
        Gateway.Validate(Options.DefaultName, options).Failures ?? [];

    [Fact]
    public void Defaults_are_valid()
    {
        Assert.True(Gateway.Validate(Options.DefaultName, new GatewayOptions()).Succeeded);
        Assert.True(Mjpeg.Validate(Options.DefaultName, new MjpegOptions()).Succeeded);
    }

    [Fact]
    public void Out_of_range_values_name_the_key_range_and_value_in_property_order()
    {
        var options = new GatewayOptions
        {
            WebRtc = new WebRtcOptions { UdpPort = 70000, SendQueueFrames = 0, BindAddress = "::1", Candidates = ["10.0.0.2", "not a host!"] },
            Control = new ControlOptions { DeadmanTimeoutMs = 0, BridgePort = -1, MaxMessageBytes = 100 },
        };

        Assert.Equal(
        [
            "Gateway:WebRtc:UdpPort must be 0..65535 (was 70000)",
            "Gateway:WebRtc:SendQueueFrames must be 1..300 (was 0)",
            "Gateway:Control:DeadmanTimeoutMs must be 50..60000 (was 0)",
            "Gateway:Control:BridgePort must be 0..65535 (was -1)",
            "Gateway:Control:MaxMessageBytes must be 256..262144 (was 100)",
            "Gateway:WebRtc:BindAddress must be an IPv4 address (was '::1')",
            "Gateway:WebRtc:Candidates:1 must be an IP address or a host name (was 'not a host!')",
        ], Failures(options));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("127.0.0.1:9000")]
    [InlineData("robot.local:1")]
    [InlineData("localhost:65535")]
    public void ForwardTo_accepts_empty_and_ipv4_or_host_name_with_a_port(string? forwardTo) =>
        Assert.Empty(Failures(new GatewayOptions { Control = new ControlOptions { ForwardTo = forwardTo } }));

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.0.0.1:")]
    [InlineData(":9000")]
    [InlineData("127.0.0.1:0")]
    [InlineData("127.0.0.1:65536")]
    [InlineData("127.0.0.1:+9000")]
    [InlineData("127.0.0.1:9000x")]
    [InlineData("::1:9000")]
    [InlineData("[::1]:9000")]
    [InlineData("no such host:9000")]
    public void ForwardTo_rejects_anything_but_host_colon_port(string forwardTo)
    {
        string message = Assert.Single(Failures(new GatewayOptions { Control = new ControlOptions { ForwardTo = forwardTo } }));
        Assert.Equal($"Gateway:Control:ForwardTo must be host:port with an IPv4 address or a host name and a port 1..65535 (was '{forwardTo}')", message);
    }

    [Fact]
    public void Mjpeg_ranges_and_the_send_buffer_rule_name_the_key()
    {
        ValidateOptionsResult result = Mjpeg.Validate(Options.DefaultName,
            new MjpegOptions { SnapshotTimeoutMs = 100, ResponseBufferBytes = -2, SocketSendBufferBytes = 5 });

        Assert.Equal(
        [
            "Gateway:Mjpeg:SnapshotTimeoutMs must be 500..120000 (was 100)",
            "Gateway:Mjpeg:ResponseBufferBytes must be -1..16777216 (was -2)",
            "Gateway:Mjpeg:SocketSendBufferBytes must be 0 or 1024..16777216 (was 5)",
        ], result.Failures);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1024)]
    [InlineData(16 * 1024 * 1024)]
    public void Mjpeg_send_buffer_is_0_or_1024_to_16MiB(int bytes) =>
        Assert.True(Mjpeg.Validate(Options.DefaultName, new MjpegOptions { SocketSendBufferBytes = bytes }).Succeeded);
}
