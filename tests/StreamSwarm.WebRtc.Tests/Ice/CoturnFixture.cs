using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using StreamSwarm.WebRtc.Ice.Turn;
using StreamSwarm.WebRtc.Stun;

namespace StreamSwarm.WebRtc.Tests.Ice;

/// <summary>
/// A coturn instance of our own on 127.0.0.1 (static user u:p, realm streamswarm, loopback peers
/// allowed, 21 relay ports), started once per test class and killed afterwards.
/// </summary>
public sealed class CoturnFixture : IAsyncLifetime
{
    private Process? _process;

    public IPEndPoint EndPoint { get; private set; } = new(IPAddress.Loopback, 0);

    public TurnServerOptions Server(string password = "p") => new(EndPoint, "u", password);

    public string Log { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        int port = FreeUdpPort();
        int relayBase = 50000 + Random.Shared.Next(0, 700) * 20;
        string dir = Path.Combine(Path.GetTempPath(), "ss-coturn-" + port.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(dir);
        Log = Path.Combine(dir, "turn.log");
        var start = new ProcessStartInfo("/usr/bin/turnserver")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = dir,
        };
        foreach (var arg in new[]
        {
            "--listening-ip=127.0.0.1", "--relay-ip=127.0.0.1", $"--listening-port={port}",
            "--lt-cred-mech", "--user=u:p", "--realm=streamswarm", "--no-cli", "--no-tls", "--no-dtls",
            "--no-tcp", "--no-tcp-relay", "--allow-loopback-peers", "--fingerprint",
            $"--min-port={relayBase}", $"--max-port={relayBase + 20}",
            $"--pidfile={Path.Combine(dir, "turn.pid")}", $"--userdb={Path.Combine(dir, "turndb")}",
            $"--log-file={Log}", "--simple-log", "--no-stdout-log",
        })
        {
            start.ArgumentList.Add(arg);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("turnserver did not start");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        EndPoint = new IPEndPoint(IPAddress.Loopback, port);
        await WaitUntilAnsweringAsync();
    }

    private async Task WaitUntilAnsweringAsync()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var buffer = new byte[1500];
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            if (_process!.HasExited)
            {
                throw new InvalidOperationException($"turnserver exited with {_process.ExitCode}; see {Log}");
            }

            var request = new byte[32];
            var w = new StunMessageWriter(request, StunMethod.Binding, StunClass.Request, StunTransactionId.NewRandom());
            await probe.SendToAsync(request.AsMemory(0, w.Length), EndPoint);
            using var wait = new CancellationTokenSource(200);
            try
            {
                var r = await probe.ReceiveFromAsync(buffer, new IPEndPoint(IPAddress.Any, 0), wait.Token);
                if (StunMessage.TryRead(buffer.AsSpan(0, r.ReceivedBytes), out _, out _))
                {
                    return;
                }
            }
            catch (OperationCanceledException)
            {
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }

        throw new TimeoutException("turnserver did not answer a Binding request within 10 s");
    }

    private static int FreeUdpPort()
    {
        using var s = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        s.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)s.LocalEndPoint!).Port;
    }

    public async Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
    }
}
