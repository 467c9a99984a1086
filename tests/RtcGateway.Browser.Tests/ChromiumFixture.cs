namespace RtcGateway.Browser.Tests;

/// <summary>One Chromium per test class (xunit class fixture); each test opens its own pages/contexts in it.</summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    private ChromiumSession? _session;

    public ChromiumSession Chromium => _session ?? throw new InvalidOperationException("not initialised");

    public async Task InitializeAsync() => _session = await ChromiumSession.LaunchAsync();

    public async Task DisposeAsync()
    {
        if (_session is not null)
        {
            await _session.DisposeAsync();
        }
    }
}
