namespace RtcGateway.WebRtc.Dtls;

/// <summary>
/// A bounded set of reused, long-lived threads (named "dtls-engine") for BouncyCastle's blocking DTLS handshakes
/// (<see cref="DtlsServerSession"/>), instead of one new thread per handshake. A new thread is started only when no
/// started thread is idle and fewer than <see cref="MaxThreads"/> exist; otherwise the handshake waits in a FIFO until a
/// thread is free (its records wait in the session's bounded inbound queue, and BouncyCastle's handshake timer starts only
/// when the handshake runs). Why: glibc gives new threads new malloc arenas, and 1,000 joins used to start 1,000 threads
/// (DESIGN.md, memory debts). Threads stay until <see cref="Dispose"/>. One instance per process (the owner of the
/// sessions creates and disposes it); thread-safe.
/// </summary>
public sealed class DtlsEngineThreads : IDisposable
{
    /// <summary>Default <see cref="MaxThreads"/>: concurrent handshakes; a handshake mostly waits on network round trips.</summary>
    public const int DefaultMaxThreads = 16;

    private readonly object _gate = new();
    private readonly Queue<Action> _work = new();
    private readonly List<Thread> _threads = [];
    private int _idle;
    private bool _disposed;

    /// <summary>Creates the set; no thread starts until the first handshake.</summary>
    /// <param name="maxThreads">Most threads ever started (≥ 1), i.e. most handshakes running at once.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxThreads"/> is less than 1.</exception>
    public DtlsEngineThreads(int maxThreads = DefaultMaxThreads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxThreads, 1);
        MaxThreads = maxThreads;
    }

    /// <summary>Most threads this set starts.</summary>
    public int MaxThreads { get; }

    /// <summary>Threads started so far (never more than <see cref="MaxThreads"/>).</summary>
    public int ThreadCount
    {
        get
        {
            lock (_gate)
            {
                return _threads.Count;
            }
        }
    }

    /// <summary>Started threads waiting for a handshake (tests, diagnostics).</summary>
    internal int IdleThreads
    {
        get
        {
            lock (_gate)
            {
                return _idle;
            }
        }
    }

    /// <summary>Handshakes waiting for a free thread.</summary>
    public int Queued
    {
        get
        {
            lock (_gate)
            {
                return _work.Count;
            }
        }
    }

    /// <summary>
    /// Runs <paramref name="engine"/> on an idle thread, a new one (below <see cref="MaxThreads"/>), or the first thread
    /// that becomes free. <paramref name="engine"/> must not throw (the session's engine catches everything); an exception
    /// that escapes is swallowed so the thread survives. Returns false after <see cref="Dispose"/> (nothing runs).
    /// </summary>
    internal bool TryRun(Action engine)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return false;
            }

            _work.Enqueue(engine);
            if (_idle >= _work.Count || _threads.Count >= MaxThreads)
            {
                Monitor.Pulse(_gate);
                return true;
            }

            var thread = new Thread(Loop) { IsBackground = true, Name = "dtls-engine" };
            _threads.Add(thread);
            thread.Start();
            return true;
        }
    }

    /// <summary>
    /// Stops the threads once the queued handshakes have been taken (threads busy in a handshake finish it first; sessions
    /// end their own handshakes when disposed). Does not wait. Later <see cref="TryRun"/> calls return false.
    /// </summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            Monitor.PulseAll(_gate);
        }
    }

    private void Loop()
    {
        while (true)
        {
            Action engine;
            lock (_gate)
            {
                while (_work.Count == 0)
                {
                    if (_disposed)
                    {
                        return;
                    }

                    _idle++;
                    Monitor.Wait(_gate);
                    _idle--;
                }

                engine = _work.Dequeue();
            }

            try
            {
                engine();
            }
            catch (Exception)
            {
                // The session's engine reports its own failures; keep the thread for the next handshake.
            }
        }
    }
}
