using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace StreamSwarm.WebRtc.Tests.Ice;

/// <summary>Routes agent logs to the xunit output of the test, prefixed with the agent's name.</summary>
internal sealed class TestLogger<T>(ITestOutputHelper output, string name) : ILogger<T>
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Trace;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        try
        {
            output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {name} {logLevel}: {formatter(state, exception)}{(exception is null ? string.Empty : " " + exception)}");
        }
        catch (InvalidOperationException)
        {
            // The test already finished; late log lines from background loops are dropped.
        }
    }
}
