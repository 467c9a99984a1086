using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace RtcGateway.Browser.Tests;

/// <summary>Keeps the gateway's last log lines (Information and above) so a failing test can show what the server saw.</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private const int Capacity = 400;
    private readonly ConcurrentQueue<string> _lines = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public string Tail(int count = 60) => string.Join('\n', _lines.ToArray().TakeLast(count));

    public IReadOnlyList<string> Lines => _lines.ToArray();

    public void Dispose()
    {
    }

    private void Add(string line)
    {
        _lines.Enqueue(line);
        while (_lines.Count > Capacity && _lines.TryDequeue(out _))
        {
        }
    }

    private sealed class Logger(CapturedLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug; // the host's Logging:LogLevel filters apply first

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            string shortCategory = category[(category.LastIndexOf('.') + 1)..];
            owner.Add($"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel,-11} {shortCategory}: {formatter(state, exception)}"
                + (exception is null ? "" : " | " + exception.GetType().Name + ": " + exception.Message));
        }
    }
}
