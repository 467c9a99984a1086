using System.Diagnostics;

namespace RtcGateway.Browser.Tests;

/// <summary>
/// Samples the test process (which hosts the gateway, xunit and the Playwright client) every 20 ms on a dedicated
/// thread: how late a thread-pool work item runs (the session loops are thread-pool continuations), the thread-pool
/// queue length and threads, and GC pause time — to tell a harness stall from a gateway fault.
/// </summary>
public sealed class ProcessStallMonitor : IDisposable
{
    private readonly Thread _thread;
    private volatile bool _stop;
    private double _maxPoolDelayMs;
    private long _maxPending;
    private int _maxThreads;
    private readonly TimeSpan _gcPause0 = GC.GetTotalPauseDuration();

    public ProcessStallMonitor()
    {
        _thread = new Thread(Run) { IsBackground = true, Name = "stall-monitor" };
        _thread.Start();
    }

    /// <summary>Longest time a thread-pool work item waited to run, ms.</summary>
    public double MaxPoolDelayMs => _maxPoolDelayMs;

    public override string ToString() =>
        $"thread-pool item delay max {_maxPoolDelayMs:F0} ms, queue max {_maxPending}, threads max {_maxThreads}, GC pauses {(GC.GetTotalPauseDuration() - _gcPause0).TotalMilliseconds:F0} ms";

    public void Dispose()
    {
        _stop = true;
        _thread.Join();
    }

    private void Run()
    {
        while (!_stop)
        {
            var sw = Stopwatch.StartNew();
            using var ran = new ManualResetEventSlim();
            ThreadPool.UnsafeQueueUserWorkItem(_ => ran.Set(), null);
            _maxPending = Math.Max(_maxPending, ThreadPool.PendingWorkItemCount);
            _maxThreads = Math.Max(_maxThreads, ThreadPool.ThreadCount);
            ran.Wait(5000);
            _maxPoolDelayMs = Math.Max(_maxPoolDelayMs, sw.Elapsed.TotalMilliseconds);
            Thread.Sleep(20);
        }
    }
}
