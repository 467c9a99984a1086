using System.Net;
using System.Text;
using RtcGateway.WebRtc.Ice;
using RtcGateway.WebRtc.Stun;
using RtcGateway.WebRtc.Tests.Stun;

namespace RtcGateway.WebRtc.Tests.Ice;

public class IceLiteAgentTests
{
    private const string LocalUfrag = "gw01";
    private const string LocalPwd = "gatewaypassword0123456789";
    private const string RemoteUfrag = "brws";
    private const string Username = LocalUfrag + ":" + RemoteUfrag;

    private static readonly IPEndPoint HostA = new(IPAddress.Parse("192.168.1.20"), 50001);
    private static readonly IPEndPoint HostB = new(IPAddress.Parse("10.0.0.5"), 60002);

    private readonly BindingRequests _requests = new(42);
    private readonly byte[] _response = new byte[IceLiteAgent.MaxResponseLength];

    private static IceLiteAgent NewAgent(string? remoteUfrag = RemoteUfrag, IceLiteAgentOptions? options = null, long nowMs = 1_000) =>
        new(LocalUfrag, LocalPwd, remoteUfrag, "remotepassword", nowMs, options);

    private IceResult Check(IceLiteAgent agent, IPEndPoint from, long nowMs, bool useCandidate, out int length)
        => agent.HandleBindingRequest(_requests.Build(Username, LocalPwd, useCandidate), from, nowMs, _response, out length);

    private IceResult Check(IceLiteAgent agent, IPEndPoint from, long nowMs, bool useCandidate = false)
        => Check(agent, from, nowMs, useCandidate, out _);

    private static List<IceEvent> Drain(IceLiteAgent agent)
    {
        var events = new List<IceEvent>();
        while (agent.TryPollEvent(out IceEvent e))
        {
            events.Add(e);
        }

        return events;
    }

    [Fact]
    public void ValidCheck_RespondsSuccessWithXorMappedAddressIntegrityAndFingerprint()
    {
        IceLiteAgent agent = NewAgent();
        byte[] request = _requests.Build(Username, LocalPwd);
        IceResult result = agent.HandleBindingRequest(request, HostA, 1_010, _response, out int length);

        Assert.Equal(IceResult.Success, result);
        Assert.True(result.IsValidCheck());
        Assert.True(StunMessage.TryRead(_response.AsSpan(0, length), out StunMessageView reply));
        Assert.Equal(StunMessageType.BindingSuccess, reply.Type);
        Assert.True(StunMessage.TryRead(request, out StunMessageView req));
        Assert.True(reply.TransactionId.SequenceEqual(req.TransactionId));
        Assert.True(reply.TryGetXorMappedAddress(out IPEndPoint? mapped));
        Assert.Equal(HostA, mapped);
        Assert.True(reply.VerifyMessageIntegrity(Encoding.UTF8.GetBytes(LocalPwd)));
        Assert.True(reply.VerifyFingerprint());

        Assert.Equal(IceConnectionState.Checking, agent.State);
        Assert.Null(agent.SelectedRemote);
        Assert.Equal(HostA, agent.LastValidRemote);
        Assert.Equal(HostA, agent.SendRemote);
    }

    [Fact]
    public void UseCandidate_Nominates_ThenConnected()
    {
        IceLiteAgent agent = NewAgent();
        Assert.Equal(IceResult.Success, Check(agent, HostA, 1_010));
        Assert.Equal(IceResult.Success, Check(agent, HostA, 1_020, useCandidate: true));

        Assert.Equal(IceConnectionState.Connected, agent.State);
        Assert.Equal(HostA, agent.SelectedRemote);
        List<IceEvent> events = Drain(agent);
        Assert.Equal(
            [IceEventKind.StateChanged, IceEventKind.Nominated, IceEventKind.StateChanged],
            events.Select(e => e.Kind));
        Assert.Equal(IceConnectionState.Checking, events[0].State);
        Assert.Equal(HostA, events[1].Remote);
        Assert.Equal(IceConnectionState.Connected, events[2].State);
    }

    [Fact]
    public void Renomination_SwitchesSelectedRemote()
    {
        IceLiteAgent agent = NewAgent();
        Check(agent, HostA, 1_010, useCandidate: true);
        Drain(agent);

        // A check from B without USE-CANDIDATE does not switch.
        Assert.Equal(IceResult.Success, Check(agent, HostB, 2_000));
        Assert.Equal(HostA, agent.SelectedRemote);
        Assert.Equal(HostA, agent.SendRemote);
        Assert.Empty(Drain(agent));

        // Nominating B switches at once (libwebrtc re-nomination).
        Assert.Equal(IceResult.Success, Check(agent, HostB, 2_100, useCandidate: true));
        Assert.Equal(HostB, agent.SelectedRemote);
        Assert.Equal(HostB, agent.SendRemote);
        IceEvent switched = Assert.Single(Drain(agent));
        Assert.Equal(IceEventKind.SelectedChanged, switched.Kind);
        Assert.Equal(HostB, switched.Remote);

        // Nominating the same remote again raises nothing.
        Check(agent, HostB, 2_200, useCandidate: true);
        Assert.Empty(Drain(agent));
    }

    [Fact]
    public void Consent_ExpiresAtExactlyTheTimeout()
    {
        var options = new IceLiteAgentOptions { ConsentTimeoutMs = 15_000, DisconnectedAfterMs = 5_000 };
        IceLiteAgent agent = NewAgent(options: options);
        Check(agent, HostA, 2_000, useCandidate: true);
        Check(agent, HostA, 4_000); // refresh from the selected remote
        Drain(agent);

        Assert.Equal(9_000, agent.NextTimeoutMs);
        agent.HandleTimeout(8_999);
        Assert.Equal(IceConnectionState.Connected, agent.State);
        agent.HandleTimeout(9_000);
        Assert.Equal(IceConnectionState.Disconnected, agent.State);

        Assert.Equal(19_000, agent.NextTimeoutMs);
        agent.HandleTimeout(18_999);
        Assert.Equal(IceConnectionState.Disconnected, agent.State);
        agent.HandleTimeout(19_000);
        Assert.Equal(IceConnectionState.Closed, agent.State);
        Assert.Equal(IceCloseReason.ConsentExpired, agent.CloseReason);
        Assert.Null(agent.NextTimeoutMs);
        Assert.Null(agent.SendRemote);
        Assert.Contains(Drain(agent), e => e.Kind == IceEventKind.ConsentExpired && e.AtMs == 19_000);

        // Closed agents answer nothing.
        Assert.Equal(IceResult.Closed, Check(agent, HostA, 19_001, useCandidate: false, out int length));
        Assert.Equal(0, length);
    }

    [Fact]
    public void Consent_ChecksFromOtherRemotesDoNotRefresh()
    {
        IceLiteAgent agent = NewAgent(options: new IceLiteAgentOptions { ConsentTimeoutMs = 10_000 });
        Check(agent, HostA, 1_000, useCandidate: true);
        for (long t = 2_000; t < 11_000; t += 1_000)
        {
            Assert.Equal(IceResult.Success, Check(agent, HostB, t));
        }

        agent.HandleTimeout(11_000);
        Assert.Equal(IceCloseReason.ConsentExpired, agent.CloseReason);
    }

    [Fact]
    public void Disconnected_RecoversOnNextCheckFromSelected()
    {
        IceLiteAgent agent = NewAgent();
        Check(agent, HostA, 1_000, useCandidate: true);
        agent.HandleTimeout(6_000);
        Assert.Equal(IceConnectionState.Disconnected, agent.State);
        Check(agent, HostA, 7_000);
        Assert.Equal(IceConnectionState.Connected, agent.State);
        Assert.Equal(12_000, agent.NextTimeoutMs);
    }

    [Fact]
    public void CheckArrivingAfterConsentDeadline_IsDropped()
    {
        IceLiteAgent agent = NewAgent();
        Check(agent, HostA, 1_000, useCandidate: true);

        // The caller did not drive the timer; the late check must still not revive the session.
        Assert.Equal(IceResult.Closed, Check(agent, HostA, 16_000));
        Assert.Equal(IceCloseReason.ConsentExpired, agent.CloseReason);
    }

    [Fact]
    public void ConnectTimeout_ClosesWhenNeverNominated()
    {
        IceLiteAgent agent = NewAgent(options: new IceLiteAgentOptions { ConnectTimeoutMs = 30_000 }, nowMs: 1_000);
        Assert.Equal(31_000, agent.NextTimeoutMs);
        Check(agent, HostA, 5_000); // checking, not nominated
        agent.HandleTimeout(30_999);
        Assert.Equal(IceConnectionState.Checking, agent.State);
        agent.HandleTimeout(31_000);
        Assert.Equal(IceConnectionState.Closed, agent.State);
        Assert.Equal(IceCloseReason.ConnectTimeout, agent.CloseReason);
        Assert.Contains(Drain(agent), e => e.Kind == IceEventKind.ConnectTimedOut);
    }

    [Fact]
    public void BadIntegrity_Gets401WithoutIntegrity_AndChangesNothing()
    {
        IceLiteAgent agent = NewAgent();
        byte[] request = _requests.Build(Username, "wrongpassword0123456789");
        IceResult result = agent.HandleBindingRequest(request, HostA, 1_010, _response, out int length);

        Assert.Equal(IceResult.BadIntegrity, result);
        AssertError(length, 401, expectIntegrity: false);
        Assert.Equal(IceConnectionState.New, agent.State);
        Assert.Null(agent.LastValidRemote);
        Assert.Empty(Drain(agent));
    }

    [Fact]
    public void BadIntegrity_SilentDropWhenConfigured()
    {
        IceLiteAgent agent = NewAgent(options: new IceLiteAgentOptions { RespondToUnauthenticatedRequests = false });
        byte[] request = _requests.Build(Username, "wrongpassword0123456789");
        Assert.Equal(IceResult.BadIntegrity, agent.HandleBindingRequest(request, HostA, 1_010, _response, out int length));
        Assert.Equal(0, length);
    }

    [Theory]
    [InlineData("xxxx:brws")]
    [InlineData("gw01:zzzz")]
    [InlineData("gw01brws")]
    [InlineData("gw01:")]
    [InlineData("gw0:brws")]
    [InlineData("gw011:brws")]
    public void WrongUsername_Gets401(string username)
    {
        IceLiteAgent agent = NewAgent();
        byte[] request = _requests.Build(username, LocalPwd, useCandidate: true);
        Assert.Equal(IceResult.WrongUsername, agent.HandleBindingRequest(request, HostA, 1_010, _response, out int length));
        AssertError(length, 401, expectIntegrity: false);
        Assert.Null(agent.SelectedRemote);
    }

    [Fact]
    public void UnknownRemoteUfrag_AcceptsAnySenderUfrag_UntilSet()
    {
        IceLiteAgent agent = NewAgent(remoteUfrag: null);
        byte[] request = _requests.Build(LocalUfrag + ":whatever", LocalPwd);
        Assert.Equal(IceResult.Success, agent.HandleBindingRequest(request, HostA, 1_010, _response, out _));

        agent.SetRemoteCredentials("brws", "pw");
        request = _requests.Build(LocalUfrag + ":whatever", LocalPwd);
        Assert.Equal(IceResult.WrongUsername, agent.HandleBindingRequest(request, HostA, 1_020, _response, out _));
    }

    [Fact]
    public void MissingIntegrityOrUsername_Gets400()
    {
        IceLiteAgent agent = NewAgent();
        byte[] noIntegrity = _requests.Build(Username, LocalPwd, integrity: false);
        Assert.Equal(IceResult.BadRequest, agent.HandleBindingRequest(noIntegrity, HostA, 1_010, _response, out int length));
        AssertError(length, 400, expectIntegrity: false);

        byte[] noUsername = _requests.Build("", LocalPwd);
        Assert.Equal(IceResult.BadRequest, agent.HandleBindingRequest(noUsername, HostA, 1_010, _response, out length));
        AssertError(length, 400, expectIntegrity: false);
    }

    [Fact]
    public void BadFingerprint_DroppedSilently()
    {
        IceLiteAgent agent = NewAgent();
        byte[] request = _requests.Build(Username, LocalPwd);
        request[^1] ^= 0x01;
        Assert.Equal(IceResult.BadFingerprint, agent.HandleBindingRequest(request, HostA, 1_010, _response, out int length));
        Assert.Equal(0, length);
    }

    [Fact]
    public void MissingFingerprint_IsAccepted()
    {
        IceLiteAgent agent = NewAgent();
        byte[] request = _requests.Build(Username, LocalPwd, fingerprint: false);
        Assert.Equal(IceResult.Success, agent.HandleBindingRequest(request, HostA, 1_010, _response, out _));
    }

    [Fact]
    public void IceControlled_Gets487_AndDoesNotNominate()
    {
        IceLiteAgent agent = NewAgent();
        byte[] request = _requests.Build(Username, LocalPwd, useCandidate: true, controlling: false, controlled: true);
        Assert.Equal(IceResult.RoleConflict, agent.HandleBindingRequest(request, HostA, 1_010, _response, out int length));
        AssertError(length, 487, expectIntegrity: true);
        Assert.Null(agent.SelectedRemote);
        Assert.Equal(IceConnectionState.New, agent.State);
    }

    [Fact]
    public void UnknownComprehensionRequiredAttribute_Gets420ListingIt()
    {
        IceLiteAgent agent = NewAgent();
        byte[] request = _requests.Build(Username, LocalPwd, extraAttribute: 0x0033);
        Assert.Equal(IceResult.UnknownAttribute, agent.HandleBindingRequest(request, HostA, 1_010, _response, out int length));
        StunMessageView reply = AssertError(length, 420, expectIntegrity: true);
        Assert.True(reply.TryGetAttribute(StunAttributeType.UnknownAttributes, out ReadOnlySpan<byte> list));
        Assert.Equal(new byte[] { 0x00, 0x33 }, list.ToArray());
    }

    [Fact]
    public void UnknownComprehensionOptionalAttribute_IsIgnored()
    {
        IceLiteAgent agent = NewAgent();
        byte[] request = _requests.Build(Username, LocalPwd, extraAttribute: 0xC0DE);
        Assert.Equal(IceResult.Success, agent.HandleBindingRequest(request, HostA, 1_010, _response, out _));
    }

    [Fact]
    public void IndicationsAndResponses_AreIgnored()
    {
        IceLiteAgent agent = NewAgent();
        var buffer = new byte[64];
        var indication = new StunMessageWriter(buffer, new StunMessageType(StunMethod.Binding, StunClass.Indication), new byte[12]);
        indication.AddFingerprint();
        Assert.Equal(IceResult.Ignored, agent.HandleBindingRequest(indication.Written, HostA, 1_010, _response, out int length));
        Assert.Equal(0, length);
        Assert.Equal(IceResult.Ignored, agent.HandleBindingRequest(Rfc5769VectorTests.SampleIPv4Response, HostA, 1_010, _response, out length));
        Assert.Equal(0, length);
        Assert.Equal(IceResult.Malformed, agent.HandleBindingRequest([0x16, 0xFE, 0xFD], HostA, 1_010, _response, out length));
        Assert.Equal(0, length);
    }

    [Fact]
    public void SmallResponseBuffer_IsReportedNotThrown()
    {
        IceLiteAgent agent = NewAgent();
        byte[] request = _requests.Build(Username, LocalPwd);
        Assert.Equal(
            IceResult.ResponseBufferTooSmall,
            agent.HandleBindingRequest(request, HostA, 1_010, new byte[IceLiteAgent.MaxResponseLength - 1], out int length));
        Assert.Equal(0, length);
    }

    [Fact]
    public void RemoteEndPointIsCopied_CallerMayReuseIt()
    {
        IceLiteAgent agent = NewAgent();
        var reused = new IPEndPoint(IPAddress.Parse("192.0.2.1"), 1111);
        Check(agent, reused, 1_010, useCandidate: true);
        reused.Port = 2222;
        Assert.Equal(new IPEndPoint(IPAddress.Parse("192.0.2.1"), 1111), agent.SelectedRemote);
    }

    [Fact]
    public void Close_IsTerminal()
    {
        IceLiteAgent agent = NewAgent();
        Check(agent, HostA, 1_010, useCandidate: true);
        agent.Close(1_100);
        Assert.Equal(IceConnectionState.Closed, agent.State);
        Assert.Equal(IceCloseReason.Application, agent.CloseReason);
        Assert.Equal(IceResult.Closed, Check(agent, HostA, 1_200, useCandidate: true));
    }

    private StunMessageView AssertError(int length, int expectedCode, bool expectIntegrity)
    {
        Assert.True(length > 0);
        Assert.True(StunMessage.TryRead(_response.AsSpan(0, length), out StunMessageView reply));
        Assert.Equal(StunMessageType.BindingError, reply.Type);
        Assert.True(reply.TryGetErrorCode(out int code, out _));
        Assert.Equal(expectedCode, code);
        Assert.True(reply.VerifyFingerprint());
        Assert.Equal(expectIntegrity, reply.HasMessageIntegrity);
        if (expectIntegrity)
        {
            Assert.True(reply.VerifyMessageIntegrity(Encoding.UTF8.GetBytes(LocalPwd)));
        }

        return reply;
    }
}
