using System.Net;
using StreamSwarm.WebRtc.Ice;

namespace StreamSwarm.WebRtc.Tests.Ice;

public class IceCandidateTests
{
    [Fact]
    public void Parse_ChromeHostCandidate_WithExtensions()
    {
        const string line = "candidate:3600133541 1 udp 2122260223 192.0.2.10 54321 typ host generation 0 ufrag Ab3d network-id 1 network-cost 10";
        Assert.True(IceCandidate.TryParse("a=" + line, out var c));
        Assert.Equal("3600133541", c.Foundation);
        Assert.Equal(1, c.Component);
        Assert.Equal("udp", c.Protocol);
        Assert.Equal(2122260223u, c.Priority);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("192.0.2.10"), 54321), c.EndPoint);
        Assert.Equal(IceCandidateType.Host, c.Type);
        Assert.Equal(4, c.Extensions.Count);
        Assert.Equal(line, c.ToString());
    }

    [Fact]
    public void Parse_ServerReflexive_WithRelatedAddress()
    {
        const string line = "candidate:842163049 1 udp 1686052607 203.0.113.5 61000 typ srflx raddr 192.168.1.4 rport 54321 generation 0";
        Assert.True(IceCandidate.TryParse(line, out var c));
        Assert.Equal(IceCandidateType.ServerReflexive, c.Type);
        Assert.Equal("192.168.1.4", c.RelatedAddress);
        Assert.Equal(54321, c.RelatedPort);
        Assert.Equal(line, c.ToString());
    }

    [Fact]
    public void Parse_MdnsHost_HasNoEndPoint()
    {
        Assert.True(IceCandidate.TryParse("candidate:1 1 UDP 2122194687 3b9f1c4e-7d2a-4c55-9d8e-1e0f2a3b4c5d.local 50123 typ host", out var c));
        Assert.True(c.IsMdns);
        Assert.Null(c.EndPoint);
        Assert.Equal("udp", c.Protocol);
    }

    [Fact]
    public void Parse_IPv6Relay()
    {
        Assert.True(IceCandidate.TryParse("candidate:9 1 udp 16777215 2001:db8::5 3478 typ relay raddr :: rport 0", out var c));
        Assert.Equal(IceCandidateType.Relayed, c.Type);
        Assert.Equal(AddressFamilyOf("2001:db8::5"), c.EndPoint!.AddressFamily);
    }

    [Theory]
    [InlineData("")]
    [InlineData("candidate:")]
    [InlineData("candidate:1 1 udp 100 1.2.3.4 5")]
    [InlineData("candidate:1 x udp 100 1.2.3.4 5 typ host")]
    [InlineData("candidate:1 1 udp -5 1.2.3.4 5 typ host")]
    [InlineData("candidate:1 1 udp 100 1.2.3.4 70000 typ host")]
    [InlineData("candidate:1 1 udp 100 1.2.3.4 5 type host")]
    public void Parse_Malformed_ReturnsFalse(string line)
    {
        Assert.False(IceCandidate.TryParse(line, out _));
    }

    [Fact]
    public void Priority_FollowsRfc8445Formula()
    {
        // RFC 8445 §5.1.2.1 with type 126, local 65535, component 1: 2130706431.
        Assert.Equal(2130706431u, IceCandidate.ComputePriority(126, 65535, 1));
        Assert.Equal(255u, IceCandidate.ComputePriority(0, 0, 1));
    }

    [Fact]
    public void Parse_RandomText_NeverThrows()
    {
        var random = new Random(8839);
        string alphabet = "candidate:typ hostsrflxrelayraddrrport 0123456789.:abcdef-\t ";
        for (int i = 0; i < 5000; i++)
        {
            var chars = new char[random.Next(80)];
            for (int k = 0; k < chars.Length; k++)
            {
                chars[k] = alphabet[random.Next(alphabet.Length)];
            }

            if (IceCandidate.TryParse(new string(chars), out var c))
            {
                _ = c.ToString();
                _ = c.EndPoint;
            }
        }
    }

    [Fact]
    public void Parameters_EnforceChromeLengths()
    {
        Assert.Throws<ArgumentException>(() => new IceParameters("abc", new string('a', 22)));
        Assert.Throws<ArgumentException>(() => new IceParameters("abcd", new string('a', 21)));
        Assert.Throws<ArgumentException>(() => new IceParameters("ab:d", new string('a', 22)));
        Assert.Throws<ArgumentException>(() => new IceParameters(new string('a', 257), new string('a', 22)));
        var generated = IceParameters.Generate();
        Assert.InRange(generated.UsernameFragment.Length, 4, 256);
        Assert.InRange(generated.Password.Length, 22, 256);
        Assert.NotEqual(generated, IceParameters.Generate());
    }

    private static System.Net.Sockets.AddressFamily AddressFamilyOf(string address) => IPAddress.Parse(address).AddressFamily;
}
