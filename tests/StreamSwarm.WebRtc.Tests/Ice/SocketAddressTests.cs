using System.Net;
using System.Net.Sockets;

namespace StreamSwarm.WebRtc.Tests.Ice;

/// <summary>
/// The agent's allocation-free data path compares the receive loop's <see cref="SocketAddress"/>
/// with the selected pair's serialized end point; this pins that assumption for both families.
/// </summary>
public class SocketAddressTests
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    public async Task ReceivedSocketAddress_EqualsSerializedEndPoint(string address)
    {
        var ip = IPAddress.Parse(address);
        Socket a;
        try
        {
            a = new Socket(ip.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            a.Bind(new IPEndPoint(ip, 0));
        }
        catch (SocketException) when (ip.AddressFamily == AddressFamily.InterNetworkV6)
        {
            // No ::1 on this machine: the IPv4 case still runs.
            return;
        }

        using (a)
        using (var b = new Socket(ip.AddressFamily, SocketType.Dgram, ProtocolType.Udp))
        {
            b.Bind(new IPEndPoint(ip, 0));
            await b.SendToAsync(new byte[] { 1 }, a.LocalEndPoint!);
            var from = new SocketAddress(ip.AddressFamily);
            var buffer = new byte[16];
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await a.ReceiveFromAsync(buffer, SocketFlags.None, from, cts.Token);
            Assert.Equal(((IPEndPoint)b.LocalEndPoint!).Serialize(), from);
        }
    }
}
