using System.Net;
using System.Net.Sockets;

namespace StreamSwarm.Bench.Live;

/// <summary>
/// A coturn TURN server on 127.0.0.1 for the run of a test or bench. Chromium gathers no loopback
/// host candidate, so browsers on one machine relay through it and every packet stays on
/// loopback (docs/signalling.md).
/// </summary>
public sealed class Coturn : IAsyncDisposable
{
    public const string User = "swarm";
    public const string Password = "loopback-only";
    private readonly ChildProcess _process;

    private Coturn(ChildProcess process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public string Url => $"turn:127.0.0.1:{Port}?transport=udp";

    /// <summary>Server arguments that hand this relay to viewers with the relay-only policy.</summary>
    public IReadOnlyList<string> ServerArguments =>
    [
        $"--StreamSwarm:Swarm:IceServers:0:Urls:0={Url}",
        $"--StreamSwarm:Swarm:IceServers:0:Username={User}",
        $"--StreamSwarm:Swarm:IceServers:0:Credential={Password}",
        "--StreamSwarm:Swarm:IceTransportPolicy=relay",
    ];

    /// <summary>Relay ports of one coturn: allocations it can hold at once.</summary>
    private const int RelayPorts = 1000;

    public static async Task<Coturn> StartAsync(string logName)
    {
        const string binary = "/usr/bin/turnserver";
        if (!File.Exists(binary))
        {
            throw new FileNotFoundException("coturn is missing: apt-get install coturn (bash scripts/setup.sh does it).", binary);
        }

        var port = FreeUdpPort();
        // Every RTCPeerConnection of every viewer allocates a relay port for the life of its link (and
        // a replaced link's allocation lingers until Chromium releases it): 16 viewers with 8
        // neighbours each hold ~130 at once. 100 ports ran out in the swarm bench ("no available
        // ports" in coturn's log) and the last viewers to join could connect to nobody.
        var relayBase = 20000 + (port % 40 * RelayPorts);
        var process = ChildProcess.Start(binary,
        [
            "--listening-ip=127.0.0.1", "--relay-ip=127.0.0.1", $"--listening-port={port}",
            $"--min-port={relayBase}", $"--max-port={relayBase + RelayPorts - 1}",
            "--lt-cred-mech", $"--user={User}:{Password}", "--realm=streamswarm",
            "--no-cli", "--no-tls", "--no-dtls", "--allow-loopback-peers", "--no-software-attribute",
        ], logName);
        var turn = new Coturn(process, port);
        try
        {
            await WaitAnswersStunAsync(port, TimeSpan.FromSeconds(20));
            return turn;
        }
        catch
        {
            await turn.DisposeAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();

    /// <summary>Ready once a STUN Binding request (RFC 8489 §5, 20-byte header, no attributes) gets a response.</summary>
    private static async Task WaitAnswersStunAsync(int port, TimeSpan timeout)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var request = new byte[20];
        request[1] = 0x01; // Binding request
        request[4] = 0x21; // magic cookie 0x2112A442
        request[5] = 0x12;
        request[6] = 0xA4;
        request[7] = 0x42;
        System.Security.Cryptography.RandomNumberGenerator.Fill(request.AsSpan(8));
        var target = new IPEndPoint(IPAddress.Loopback, port);
        var buffer = new byte[1500];
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            await socket.SendToAsync(request, target);
            using var wait = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
            try
            {
                var got = await socket.ReceiveFromAsync(buffer, new IPEndPoint(IPAddress.Any, 0), wait.Token);
                if (got.ReceivedBytes >= 20 && buffer[0] == 0x01 && buffer[1] == 0x01)
                {
                    return;
                }
            }
            catch (OperationCanceledException)
            {
                // not answering yet
            }
            catch (SocketException)
            {
                // ICMP port unreachable before the listener is up
                await Task.Delay(100);
            }
        }

        throw new TimeoutException($"coturn did not answer STUN on 127.0.0.1:{port} within {timeout.TotalSeconds} s");
    }

    private static int FreeUdpPort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
