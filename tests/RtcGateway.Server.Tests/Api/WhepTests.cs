using System.Net;
using System.Net.Http.Headers;
using System.Text;
using RtcGateway.Media;
using RtcGateway.Media.Cameras;
using RtcGateway.Media.H264;
using RtcGateway.Server.Sessions;
using RtcGateway.Server.Tests.Hosting;

namespace RtcGateway.Server.Tests.Api;

[Collection(GatewayCollection.Name)]
public sealed class WhepTests(GatewayFixture fixture)
{
    private readonly GatewayInstance _gateway = fixture.Gateway;

    public static Task<HttpResponseMessage> PostOfferAsync(GatewayInstance gateway, string cameraId, string body, string contentType = "application/sdp")
    {
        var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return gateway.Http.PostAsync($"api/cameras/{cameraId}/whep", content);
    }

    [Fact]
    public async Task Post_to_unknown_camera_is_404_text()
    {
        using HttpResponseMessage response = await PostOfferAsync(_gateway, "nope", OfferFixtures.Chromium);

        await AssertTextErrorAsync(response, HttpStatusCode.NotFound, "nope");
    }

    [Fact]
    public async Task Post_with_wrong_content_type_is_415()
    {
        using HttpResponseMessage response = await PostOfferAsync(_gateway, "cam0", OfferFixtures.Chromium, "application/json");

        await AssertTextErrorAsync(response, HttpStatusCode.UnsupportedMediaType, "application/sdp");
    }

    [Theory]
    [InlineData("this is not SDP")]
    [InlineData("v=0\r\n")]
    [InlineData("")]
    public async Task Post_malformed_sdp_is_400_with_a_reason(string body)
    {
        using HttpResponseMessage response = await PostOfferAsync(_gateway, "cam0", body);

        string reason = await AssertTextErrorAsync(response, HttpStatusCode.BadRequest, null);
        Assert.Contains("SDP", reason, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Post_offer_without_h264_is_406()
    {
        string vp8Only = OfferFixtures.WithVideoPayloadTypes(OfferFixtures.Chromium, 96, 97);
        Assert.DoesNotContain("H264", vp8Only);

        using HttpResponseMessage response = await PostOfferAsync(_gateway, "cam0", vp8Only);

        string reason = await AssertTextErrorAsync(response, HttpStatusCode.NotAcceptable, null);
        Assert.Contains("H.264", reason.Replace("H264", "H.264", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Post_offer_without_fingerprint_is_400()
    {
        string offer = OfferFixtures.WithoutLines(OfferFixtures.Chromium, "a=fingerprint:");
        Assert.DoesNotContain("fingerprint", offer);

        using HttpResponseMessage response = await PostOfferAsync(_gateway, "cam0", offer);

        string reason = await AssertTextErrorAsync(response, HttpStatusCode.BadRequest, null);
        Assert.Contains("fingerprint", reason, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Post_to_failed_camera_is_503_with_its_last_error()
    {
        Assert.True(_gateway.Cameras.TryGet("broken", out ICamera? camera));
        string lastError = camera!.Status.LastError!;
        Assert.False(string.IsNullOrEmpty(lastError));

        using HttpResponseMessage response = await PostOfferAsync(_gateway, "broken", OfferFixtures.Chromium);

        string reason = await AssertTextErrorAsync(response, HttpStatusCode.ServiceUnavailable, lastError);
        Assert.Contains(GatewayFixture.MissingFile, reason);
    }

    [Fact]
    public async Task Real_offer_is_answered_and_the_session_can_be_deleted_once()
    {
        using HttpResponseMessage response = await PostOfferAsync(_gateway, "cam0", OfferFixtures.Chromium);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("application/sdp", response.Content.Headers.ContentType?.MediaType);
        string location = response.Headers.Location!.OriginalString;
        Assert.StartsWith("/api/cameras/cam0/whep/", location, StringComparison.Ordinal);
        string sessionId = location["/api/cameras/cam0/whep/".Length..];
        Assert.Matches("^[0-9a-f]{24}$", sessionId);
        Assert.True(_gateway.Sessions.TryGetSession(sessionId, out ViewerSession? session));
        Assert.Equal("cam0", session!.CameraId);

        string answer = await response.Content.ReadAsStringAsync();
        Assert.True(OfferFixtures.HasLine(answer, "a=ice-lite"), answer);
        Assert.True(OfferFixtures.HasLine(answer, "a=setup:passive"), answer);
        string[] candidates = OfferFixtures.Attributes(answer, "candidate").ToArray();
        Assert.NotEmpty(candidates);
        Assert.Contains(candidates, c => c.Contains($" udp ", StringComparison.OrdinalIgnoreCase)
            && c.Contains($" 127.0.0.1 {_gateway.UdpPort} typ host", StringComparison.Ordinal));
        Assert.Equal(session.LocalUfrag, OfferFixtures.Attribute(answer, "ice-ufrag"));

        using HttpResponseMessage patch = await _gateway.Http.PatchAsync(location, new StringContent("a=end-of-candidates\r\n"));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, patch.StatusCode);

        using HttpResponseMessage delete = await _gateway.Http.DeleteAsync(location);
        Assert.Equal(HttpStatusCode.OK, delete.StatusCode);
        Assert.True(await GatewayInstance.WaitUntilAsync(() => !_gateway.Sessions.TryGetSession(sessionId, out _), TimeSpan.FromSeconds(5)));
        Assert.Equal("WHEP DELETE", session.CloseReason);

        using HttpResponseMessage again = await _gateway.Http.DeleteAsync(location);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
    }

    [Fact]
    public async Task Answer_to_chromium_announces_rtx_on_its_own_ssrc()
    {
        using HttpResponseMessage response = await PostOfferAsync(_gateway, "cam0", OfferFixtures.Chromium);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        string answer = await response.Content.ReadAsStringAsync();
        using HttpResponseMessage delete = await _gateway.Http.DeleteAsync(response.Headers.Location);

        // RFC 4588 §8.6 + RFC 5576 §4.2: "m=video … <h264> <rtx>", rtx/90000 with apt=<h264>, FID <media> <rtx>.
        string[] formats = Assert.Single(OfferFixtures.Lines(answer), l => l.StartsWith("m=video ", StringComparison.Ordinal)).Split(' ')[3..];
        Assert.Equal(2, formats.Length);
        Assert.True(OfferFixtures.HasLine(answer, $"a=rtpmap:{formats[0]} H264/90000"), answer);
        Assert.True(OfferFixtures.HasLine(answer, $"a=rtpmap:{formats[1]} rtx/90000"), answer);
        Assert.True(OfferFixtures.HasLine(answer, $"a=fmtp:{formats[1]} apt={formats[0]}"), answer);
        string[] fid = Assert.Single(OfferFixtures.Attributes(answer, "ssrc-group")).Split(' ');
        Assert.Equal("FID", fid[0]);
        Assert.NotEqual(fid[1], fid[2]);
        string[] announced = OfferFixtures.Attributes(answer, "ssrc").Select(a => a.Split(' ')[0]).Distinct().ToArray();
        Assert.Equal(fid[1..], announced);
    }

    [Fact]
    public async Task Delete_of_a_session_under_another_camera_is_404()
    {
        using HttpResponseMessage response = await PostOfferAsync(_gateway, "cam0", OfferFixtures.Chromium);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        string location = response.Headers.Location!.OriginalString;
        try
        {
            using HttpResponseMessage wrong = await _gateway.Http.DeleteAsync(location.Replace("/cam0/", "/weird/", StringComparison.Ordinal));
            Assert.Equal(HttpStatusCode.NotFound, wrong.StatusCode);
        }
        finally
        {
            using HttpResponseMessage delete = await _gateway.Http.DeleteAsync(location);
            Assert.Equal(HttpStatusCode.OK, delete.StatusCode);
        }
    }

    [Fact]
    public async Task Answer_profile_level_id_is_the_cameras_real_sps()
    {
        Assert.True(_gateway.Cameras.TryGet("cam0", out ICamera? camera));
        var spsSeen = new TaskCompletionSource<H264SpsInfo>(TaskCreationOptions.RunContinuationsAsynchronously);
        using (camera!.SubscribeAccessUnits(au =>
               {
                   if (au.Sps is { } sps)
                   {
                       spsSeen.TrySetResult(sps);
                   }
               }))
        {
            camera.RequestKeyframe();
            using HttpResponseMessage response = await PostOfferAsync(_gateway, "cam0", OfferFixtures.Chromium);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            string answer = await response.Content.ReadAsStringAsync();
            using HttpResponseMessage delete = await _gateway.Http.DeleteAsync(response.Headers.Location);
            H264SpsInfo real = await spsSeen.Task.WaitAsync(TimeSpan.FromSeconds(10));

            string fmtp = Assert.Single(OfferFixtures.Attributes(answer, "fmtp"), f => f.Contains("profile-level-id=", StringComparison.Ordinal));
            string announced = fmtp[(fmtp.IndexOf("profile-level-id=", StringComparison.Ordinal) + "profile-level-id=".Length)..][..6];
            Assert.Equal(real.ProfileLevelId, announced, ignoreCase: true);
            // x264enc constrained baseline: profile_idc 66 with constraint_set1 (0x40) → 42c0xx or 42e0xx.
            Assert.Matches("^42[ce]0[0-9a-f]{2}$", announced.ToLowerInvariant());
        }
    }

    [Fact]
    public async Task Oversized_offer_is_413()
    {
        string huge = OfferFixtures.Chromium + new string('x', 70 * 1024);

        using HttpResponseMessage response = await PostOfferAsync(_gateway, "cam0", huge);

        await AssertTextErrorAsync(response, HttpStatusCode.RequestEntityTooLarge, null);
    }

    private static async Task<string> AssertTextErrorAsync(HttpResponseMessage response, HttpStatusCode expected, string? contains)
    {
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.False(string.IsNullOrWhiteSpace(body));
        if (contains is not null)
        {
            Assert.Contains(contains, body);
        }

        return body;
    }
}
