using System.Net;
using System.Net.Sockets;
using RtcGateway.Server.Sessions;
using RtcGateway.Server.Tests.Api;
using RtcGateway.Server.Tests.Hosting;
using RtcGateway.WebRtc.Stun;

namespace RtcGateway.Server.Tests.Transport;

[Collection(GatewayCollection.Name)]
public sealed class UdpTransportTests(GatewayFixture fixture)
{
    private readonly GatewayInstance _gateway = fixture.Gateway;

    private IPEndPoint GatewayUdp => new(IPAddress.Loopback, _gateway.UdpPort);

    [Fact]
    public async Task Garbage_of_every_first_byte_class_is_counted_and_dropped()
    {
        var random = new Random(4711);
        using var socket = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        long before = _gateway.Sessions.UnroutedDatagrams;
        int sent = 0;
        // Every first byte (RFC 7983: STUN 0-3, ZRTP 16-19, DTLS 20-63, TURN 64-79, RTP/RTCP 128-191, the rest unknown),
        // three lengths each, including a bare byte and a full-size datagram.
        foreach (int length in new[] { 1, 40, 1400 })
        {
            for (int first = 0; first < 256; first++)
            {
                byte[] datagram = new byte[length];
                random.NextBytes(datagram);
                datagram[0] = (byte)first;
                await socket.SendAsync(datagram, GatewayUdp);
                sent++;
            }
        }

        // Well-formed STUN headers with random bodies (the parser's hardest case).
        for (int i = 0; i < 100; i++)
        {
            byte[] datagram = new byte[20 + (4 * random.Next(0, 30))];
            random.NextBytes(datagram);
            datagram[0] = 0x00;
            datagram[1] = 0x01;
            datagram[2] = (byte)((datagram.Length - 20) >> 8);
            datagram[3] = (byte)(datagram.Length - 20);
            datagram[4] = 0x21; datagram[5] = 0x12; datagram[6] = 0xA4; datagram[7] = 0x42;
            await socket.SendAsync(datagram, GatewayUdp);
            sent++;
        }

        Assert.True(await GatewayInstance.WaitUntilAsync(() => _gateway.Sessions.UnroutedDatagrams - before >= sent, TimeSpan.FromSeconds(10)),
            $"unrouted grew by {_gateway.Sessions.UnroutedDatagrams - before}, sent {sent}");
        Assert.Equal(sent, _gateway.Sessions.UnroutedDatagrams - before);

        // Nothing crashed: the gateway still answers HTTP and still answers ICE checks of a new session.
        using (HttpResponseMessage live = await _gateway.Http.GetAsync("healthz/live"))
        {
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        }

        await using var session = await WhepSession.CreateAsync(_gateway);
        StunProbe.Response? ok = await SendCheckAsync(socket, session.AnswerUfrag + ":" + session.OfferUfrag, session.AnswerPwd);
        Assert.NotNull(ok);
        Assert.Equal(StunClass.SuccessResponse, ok!.Class);
    }

    [Fact]
    public async Task Binding_request_with_unknown_ufrag_is_dropped_without_answer()
    {
        using var socket = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        long before = _gateway.Sessions.UnroutedDatagrams;

        StunProbe.Response? response = await SendCheckAsync(socket, "nosuchufrag:abcd", "whatever-password-1234", TimeSpan.FromMilliseconds(300));

        Assert.Null(response);
        Assert.Equal(before + 1, _gateway.Sessions.UnroutedDatagrams);
    }

    [Fact]
    public async Task Binding_request_with_wrong_password_gets_401_and_does_not_make_the_address_routable()
    {
        await using var session = await WhepSession.CreateAsync(_gateway);
        using var socket = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));

        StunProbe.Response? response = await SendCheckAsync(socket, session.AnswerUfrag + ":" + session.OfferUfrag, "wrong-password-wrong-pwd", TimeSpan.FromMilliseconds(500));

        // IceLiteAgent policy: a check for a known ufrag whose MESSAGE-INTEGRITY fails is answered 401 (RFC 8489 §9.1.3).
        Assert.NotNull(response);
        Assert.Equal(StunClass.ErrorResponse, response!.Class);
        Assert.Equal(401, response.ErrorCode);
        Assert.Null(response.XorMappedAddress);

        Assert.False(session.Session.IsConnected);
        await AssertNotRoutedAsync(socket, session.Session);
    }

    [Fact]
    public async Task Binding_request_with_the_right_password_gets_success_with_xor_mapped_address()
    {
        await using var session = await WhepSession.CreateAsync(_gateway);
        using var socket = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));

        StunProbe.Response? response = await SendCheckAsync(socket, session.AnswerUfrag + ":" + session.OfferUfrag, session.AnswerPwd);

        Assert.NotNull(response);
        Assert.Equal(StunClass.SuccessResponse, response!.Class);
        Assert.Equal((IPEndPoint)socket.Client.LocalEndPoint!, response.XorMappedAddress);
        Assert.True(response.IntegrityValid, "MESSAGE-INTEGRITY must verify with the answer's ice-pwd");
        Assert.True(response.FingerprintValid);

        // The address is now routable: an RTP packet from it (RFC 7983 first byte 128–191; a recvonly viewer sends none)
        // reaches this session's peer, which counts and drops it. Counted on the session itself: the gateway-wide
        // unrouted counter also moves with other tests' leftover traffic. (Regression: the former check sent a 5-byte
        // datagram, which RFC 7983 classifies as nothing and the gateway never routes; it passed only by timing.)
        long droppedBefore = session.Session.Stats.DatagramsDropped;
        byte[] rtp = [0x80, 0x60, 0, 1, 0, 0, 0, 0, 0x12, 0x34, 0x56, 0x78, 0xde, 0xad];
        socket.Send(rtp, rtp.Length, GatewayUdp);
        bool routed = await GatewayInstance.WaitUntilAsync(
            () => session.Session.Stats.DatagramsDropped > droppedBefore, TimeSpan.FromSeconds(5));
        Assert.True(routed, "datagrams from a validated address must be routed to the session");
    }

    [Fact]
    public async Task Datagram_is_processed_on_the_receive_thread_when_the_loop_is_idle()
    {
        await using var session = await WhepSession.CreateAsync(_gateway);
        using var socket = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        long inlineBefore = session.Session.DatagramsProcessedInline;

        StunProbe.Response? response = await SendCheckAsync(socket, session.AnswerUfrag + ":" + session.OfferUfrag, session.AnswerPwd);

        Assert.NotNull(response);
        Assert.Equal(StunClass.SuccessResponse, response!.Class);
        Assert.True(session.Session.DatagramsProcessedInline > inlineBefore,
            "an idle session should answer the check on the receive thread, without waking its loop");
    }

    [Fact]
    public async Task Datagram_waits_in_the_queue_while_the_loop_is_busy_and_is_answered_after()
    {
        await using var session = await WhepSession.CreateAsync(_gateway);
        using var socket = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        socket.Client.ReceiveTimeout = 400;
        string password = session.AnswerPwd;
        byte[] request = StunProbe.BindingRequest(session.AnswerUfrag + ":" + session.OfferUfrag, password, out byte[] transactionId);
        long inlineBefore = session.Session.DatagramsProcessedInline;
        var from = new IPEndPoint(IPAddress.Any, 0);

        // Synchronous on purpose: the gate is a lock owned by this thread.
        using (session.Session.HoldRunGateForTesting())
        {
            socket.Send(request, request.Length, GatewayUdp);
            Assert.Throws<SocketException>(() => socket.Receive(ref from)); // nothing may touch the peer meanwhile
        }

        socket.Client.ReceiveTimeout = 5000;
        StunProbe.Response? response = StunProbe.Read(socket.Receive(ref from), password);
        Assert.NotNull(response);
        Assert.Equal(StunClass.SuccessResponse, response!.Class);
        Assert.Equal(transactionId, response.TransactionId);
        Assert.Equal(inlineBefore, session.Session.DatagramsProcessedInline); // the loop answered it
    }

    private async Task AssertNotRoutedAsync(UdpClient socket, ViewerSession session)
    {
        // An RTP packet (RFC 7983: routed by remote address only) from an address that passed no ICE check must reach no
        // session: it is counted as unrouted and the session's peer never sees it.
        long before = _gateway.Sessions.UnroutedDatagrams;
        long droppedBefore = session.Stats.DatagramsDropped;
        byte[] rtp = [0x80, 0x60, 0, 1, 0, 0, 0, 0, 0x12, 0x34, 0x56, 0x78, 0xde, 0xad];
        await socket.SendAsync(rtp, GatewayUdp);
        Assert.True(await GatewayInstance.WaitUntilAsync(() => _gateway.Sessions.UnroutedDatagrams > before, TimeSpan.FromSeconds(3)),
            "a datagram from an address that passed no ICE check must be counted as unrouted");
        Assert.Equal(droppedBefore, session.Stats.DatagramsDropped);
    }

    private async Task<StunProbe.Response?> SendCheckAsync(UdpClient socket, string username, string password, TimeSpan? wait = null)
    {
        byte[] request = StunProbe.BindingRequest(username, password, out byte[] transactionId);
        await socket.SendAsync(request, GatewayUdp);
        using var cts = new CancellationTokenSource(wait ?? TimeSpan.FromSeconds(5));
        try
        {
            while (true)
            {
                UdpReceiveResult result = await socket.ReceiveAsync(cts.Token);
                StunProbe.Response? response = StunProbe.Read(result.Buffer, password);
                if (response is not null && response.TransactionId.AsSpan().SequenceEqual(transactionId))
                {
                    return response;
                }
            }
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>A WHEP session created over HTTP, deleted on dispose.</summary>
    private sealed class WhepSession : IAsyncDisposable
    {
        private readonly GatewayInstance _gateway;
        private readonly Uri _location;

        private WhepSession(GatewayInstance gateway, Uri location, ViewerSession session, string answer, string offer)
        {
            _gateway = gateway;
            _location = location;
            Session = session;
            AnswerUfrag = OfferFixtures.Attribute(answer, "ice-ufrag")!;
            AnswerPwd = OfferFixtures.Attribute(answer, "ice-pwd")!;
            OfferUfrag = OfferFixtures.OfferUfrag(offer);
        }

        public ViewerSession Session { get; }

        public string AnswerUfrag { get; }

        public string AnswerPwd { get; }

        public string OfferUfrag { get; }

        public static async Task<WhepSession> CreateAsync(GatewayInstance gateway)
        {
            string offer = OfferFixtures.Chromium;
            using HttpResponseMessage response = await WhepTests.PostOfferAsync(gateway, "cam0", offer);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            string answer = await response.Content.ReadAsStringAsync();
            string id = response.Headers.Location!.OriginalString.Split('/')[^1];
            Assert.True(gateway.Sessions.TryGetSession(id, out ViewerSession? session));
            return new WhepSession(gateway, response.Headers.Location, session!, answer, offer);
        }

        public async ValueTask DisposeAsync()
        {
            using HttpResponseMessage _ = await _gateway.Http.DeleteAsync(_location);
            await Session.Closed.WaitAsync(TimeSpan.FromSeconds(5));
        }
    }
}
