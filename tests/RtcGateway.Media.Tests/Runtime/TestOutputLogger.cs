using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace RtcGateway.Media.Tests.Runtime;

/// <summary>ILogger writing to the xunit test output (diagnostics of failing runtime tests).</summary>
internal sealed class TestOutputLogger(ITestOutputHelper output, LogLevel minimum = LogLevel.Debug) : ILogger
{
    private readonly DateTime _start = DateTime.UtcNow;

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= minimum;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel))
        {
            return;
        }

        try
        {
            output.WriteLine($"{(DateTime.UtcNow - _start).TotalMilliseconds,8:F0} {logLevel}: {formatter(state, exception)} {exception}");
        }
        catch (InvalidOperationException)
        {
            // test already finished
        }
    }
}
