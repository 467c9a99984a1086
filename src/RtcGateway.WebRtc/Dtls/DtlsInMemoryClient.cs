using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace RtcGateway.WebRtc.Dtls;

/// <summary>
/// A <see cref="DtlsSrtpClient"/> on its own thread wired to a <see cref="DtlsServerSession"/> through memory: client
/// datagrams go to <see cref="DtlsServerSession.HandleDatagram"/>, server datagrams (drained in the session's
/// <see cref="DtlsServerSession.OutputAvailable"/>) go to the client. Used by <see cref="DtlsWarmup"/> and tests.
/// Datagram hooks let tests drop, capture or tamper with traffic.
/// </summary>
internal sealed class DtlsInMemoryClient : IDisposable
{
    private readonly DtlsServerSession _server;
    private readonly QueuedDatagramTransport _transport;
    // Two gates, one per direction. Lock order: client gate -> the session's record-layer lock (HandleDatagram processes
    // records inline once connected) -> server gate (a record the session answers). A single gate for both directions
    // could deadlock against the engine thread, which holds the record-layer lock while it sends.
    private readonly Lock _clientToServerGate = new();
    private readonly Lock _serverToClientGate = new();
    private readonly byte[] _clientScratch = new byte[DtlsServerSession.MaxRecordSize];
    private readonly byte[] _serverScratch = new byte[DtlsServerSession.MaxRecordSize];
    private readonly ManualResetEventSlim _done = new(false);
    private readonly Thread _thread;

    public DtlsInMemoryClient(DtlsServerSession server, DtlsCertificate? certificate, ReadOnlySpan<ushort> offeredProfiles,
        int handshakeTimeoutMillis = 10_000)
    {
        _server = server;
        Client = new DtlsSrtpClient(new BcTlsCrypto(new SecureRandom()), certificate, offeredProfiles, handshakeTimeoutMillis);
        _transport = new QueuedDatagramTransport(256, 256, DtlsServerSession.MaxDatagramSize, DtlsServerSession.MaxRecordSize)
        {
            OutputAvailable = PumpClientToServer,
        };
        server.OutputAvailable = PumpServerToClient;
        _thread = new Thread(Run) { IsBackground = true, Name = "dtls-test-client" };
    }

    public DtlsSrtpClient Client { get; }

    /// <summary>Client-side DTLS transport once connected (use from one thread).</summary>
    public DtlsTransport? Transport { get; private set; }

    /// <summary>Why Connect failed, if it did.</summary>
    public Exception? Failure { get; private set; }

    /// <summary>Largest datagram seen from the server, in bytes.</summary>
    public int MaxServerDatagram { get; private set; }

    /// <summary>When false, client datagrams are not delivered to the server (timeout tests).</summary>
    public volatile bool DeliverToServer = true;

    /// <summary>Every datagram the client sent, in order (copies).</summary>
    public List<byte[]> ClientDatagrams { get; } = [];

    /// <summary>Set once the client has sent its first datagram.</summary>
    public ManualResetEventSlim ClientSent { get; } = new(false);

    /// <summary>Signalled on every server OutputAvailable (events, application data, datagrams).</summary>
    public AutoResetEvent ServerOutput { get; } = new(false);

    public void Start() => _thread.Start();

    /// <summary>Waits (real time) for Connect to return or fail.</summary>
    public bool Wait(TimeSpan timeout) => _done.Wait(timeout);

    /// <summary>Stops the client side; a blocked Connect unwinds.</summary>
    public void Dispose()
    {
        _transport.Stop(discardOutput: true);
        if (_thread.IsAlive)
        {
            _thread.Join();
        }

        ServerOutput.Dispose();
        ClientSent.Dispose();
        _done.Dispose();
    }

    private void Run()
    {
        try
        {
            Transport = new DtlsClientProtocol().Connect(Client, _transport);
        }
        catch (Exception exception)
        {
            Failure = exception;
        }
        finally
        {
            _done.Set();
        }
    }

    private void PumpClientToServer()
    {
        lock (_clientToServerGate)
        {
            while (_transport.TryDequeueOutbound(_clientScratch, out int length))
            {
                lock (ClientDatagrams)
                {
                    ClientDatagrams.Add(_clientScratch.AsSpan(0, length).ToArray());
                }

                ClientSent.Set();

                if (DeliverToServer)
                {
                    _server.HandleDatagram(_clientScratch.AsSpan(0, length));
                }
            }
        }
    }

    private void PumpServerToClient()
    {
        lock (_serverToClientGate)
        {
            while (_server.TryPollDatagram(_serverScratch, out int length))
            {
                MaxServerDatagram = Math.Max(MaxServerDatagram, length);
                _transport.TryEnqueueInbound(_serverScratch.AsSpan(0, length));
            }
        }

        try
        {
            ServerOutput.Set();
        }
        catch (ObjectDisposedException)
        {
            // Harness already disposed.
        }
    }
}
