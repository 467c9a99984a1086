using RtcGateway.WebRtc.Srtp;

namespace RtcGateway.WebRtc.Tests.Srtp;

public class SrtpKeyingMaterialTests
{
    [Theory]
    [InlineData(SrtpProtectionProfile.Aes128CmHmacSha1_80, 16, 14, 10, 14, 60)]
    [InlineData(SrtpProtectionProfile.AeadAes128Gcm, 16, 12, 16, 20, 56)]
    public void ProfileParameters(SrtpProtectionProfile profile, int key, int salt, int tag, int trailer, int exported)
    {
        Assert.True(profile.IsSupported());
        Assert.Equal(key, profile.GetMasterKeyLength());
        Assert.Equal(salt, profile.GetMasterSaltLength());
        Assert.Equal(tag, profile.GetRtpAuthTagLength());
        Assert.Equal(trailer, profile.GetSrtcpTrailerLength());
        Assert.Equal(exported, profile.GetKeyingMaterialLength());
        Assert.True(tag <= SrtpContext.MaxRtpOverhead);
        Assert.True(trailer <= SrtpContext.MaxRtcpOverhead);
    }

    [Fact]
    public void UnknownProfile_IsNotSupported()
    {
        Assert.False(((SrtpProtectionProfile)0x0002).IsSupported());
        Assert.Throws<ArgumentOutOfRangeException>(() => ((SrtpProtectionProfile)0x0000).GetMasterKeyLength());
    }

    [Theory]
    [InlineData(SrtpProtectionProfile.Aes128CmHmacSha1_80)]
    [InlineData(SrtpProtectionProfile.AeadAes128Gcm)]
    public void Split_FollowsRfc5764Layout(SrtpProtectionProfile profile)
    {
        int k = profile.GetMasterKeyLength(), s = profile.GetMasterSaltLength();
        byte[] exported = new byte[profile.GetKeyingMaterialLength()];
        for (int i = 0; i < exported.Length; i++)
        {
            exported[i] = (byte)i;
        }

        byte[] clientKey = exported[..k], serverKey = exported[k..(2 * k)];
        byte[] clientSalt = exported[(2 * k)..(2 * k + s)], serverSalt = exported[(2 * k + s)..];

        SrtpKeyingMaterial server = SrtpKeyingMaterial.Split(exported, profile, isDtlsServer: true);
        Assert.Equal(serverKey, server.LocalMasterKey.ToArray());
        Assert.Equal(serverSalt, server.LocalMasterSalt.ToArray());
        Assert.Equal(clientKey, server.RemoteMasterKey.ToArray());
        Assert.Equal(clientSalt, server.RemoteMasterSalt.ToArray());

        SrtpKeyingMaterial client = SrtpKeyingMaterial.Split(exported, profile, isDtlsServer: false);
        Assert.Equal(clientKey, client.LocalMasterKey.ToArray());
        Assert.Equal(clientSalt, client.LocalMasterSalt.ToArray());
        Assert.Equal(serverKey, client.RemoteMasterKey.ToArray());

        // What the server's local context protects, the client's remote context unprotects, and not its local one.
        using SrtpContext serverOut = server.CreateLocalContext();
        using SrtpContext clientIn = client.CreateRemoteContext();
        using SrtpContext clientOut = client.CreateLocalContext();
        byte[] plain = SrtpTestPackets.BuildRtp(1, 9, 40);
        byte[] srtp = SrtpTestPackets.ProtectRtp(serverOut, plain);
        byte[] copy = (byte[])srtp.Clone();
        Assert.True(clientIn.TryUnprotectRtp(copy, copy.Length, out int length));
        Assert.Equal(plain, copy[..length]);
        using SrtpContext wrongDirection = client.CreateLocalContext();
        copy = (byte[])srtp.Clone();
        Assert.False(wrongDirection.TryUnprotectRtp(copy, copy.Length, out _));
    }

    [Fact]
    public void Split_RejectsWrongLength() =>
        Assert.Throws<ArgumentException>(() => SrtpKeyingMaterial.Split(new byte[56], SrtpProtectionProfile.Aes128CmHmacSha1_80, true));
}
