namespace RtcGateway.Server.Tests.Hosting;

/// <summary>
/// One gateway shared by the tests of <see cref="GatewayCollection"/>: <c>cam0</c> is a small live <c>test</c> camera,
/// <c>broken</c> a file source that does not exist, <c>weird</c> an unknown source scheme.
/// </summary>
public sealed class GatewayFixture : IAsyncLifetime
{
    public const string MissingFile = "/nonexistent/rtcgw-missing.mp4";

    private GatewayInstance? _gateway;

    public GatewayInstance Gateway => _gateway ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync()
    {
        _gateway = await GatewayInstance.StartAsync(
        [
            .. GatewayInstance.TestCamera(0, "cam0"),
            .. GatewayInstance.Camera(1, "broken", "file:" + MissingFile),
            .. GatewayInstance.Camera(2, "weird", "bogus:thing"),
        ]);
    }

    public async Task DisposeAsync()
    {
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class GatewayCollection : ICollectionFixture<GatewayFixture>
{
    public const string Name = "gateway";
}
