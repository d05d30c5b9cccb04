using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using StreamSwarm.Server.Keys;

namespace StreamSwarm.Server.Hosting;

/// <summary>A started server: its bound base address and the app, for tests and end-to-end runs.</summary>
public sealed class RunningStreamSwarmServer(WebApplication app, Uri baseAddress) : IAsyncDisposable
{
    public WebApplication App { get; } = app;

    /// <summary>Where the server listens, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseAddress { get; } = baseAddress;

    public IServiceProvider Services => App.Services;

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }
}

/// <summary>The one place the server is composed; <c>Program</c> only dispatches to it.</summary>
public static class StreamSwarmServer
{
    public const string DefaultUrls = "http://127.0.0.1:8080";

    /// <summary>Builds the app from command-line arguments (<c>--urls</c>, <c>--contentRoot</c>, <c>--StreamSwarm:...</c>).</summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["http_ports"]))
        {
            builder.WebHost.UseUrls(DefaultUrls);
        }

        builder.Services.AddProblemDetails();
        AddOptions<IngestOptions, IngestOptionsValidation>(builder, IngestOptions.Section);
        AddOptions<WindowOptions, WindowOptionsValidation>(builder, WindowOptions.Section);
        AddOptions<OriginOptions, OriginOptionsValidation>(builder, OriginOptions.Section);
        AddOptions<KeysOptions, KeysOptionsValidation>(builder, KeysOptions.Section);
        builder.Services.AddSingleton<StreamKeyStore>();
        configure?.Invoke(builder);

        var app = builder.Build();
        app.MapGet("/healthz", () => Results.Text("ok", "text/plain"));
        return app;
    }

    /// <summary>
    /// Builds and starts the server and returns once it listens. Pass <c>--urls http://127.0.0.1:0</c>
    /// to get a free port; <see cref="RunningStreamSwarmServer.BaseAddress"/> says which.
    /// </summary>
    public static async Task<RunningStreamSwarmServer> StartAsync(string[] args, CancellationToken cancellationToken = default, Action<WebApplicationBuilder>? configure = null)
    {
        var app = Build(args, configure);
        await app.StartAsync(cancellationToken);
        _ = app.Services.GetRequiredService<StreamKeyStore>();
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var first = addresses.FirstOrDefault() ?? throw new InvalidOperationException("The server did not report a bound address.");
        return new RunningStreamSwarmServer(app, new Uri(first.EndsWith('/') ? first : first + "/"));
    }

    /// <summary>Runs until Ctrl+C or SIGTERM, then shuts down gracefully.</summary>
    public static async Task RunAsync(string[] args)
    {
        await using var app = Build(args);
        _ = app.Services.GetRequiredService<StreamKeyStore>();
        await app.RunAsync();
    }

    private static void AddOptions<TOptions, TValidation>(WebApplicationBuilder builder, string section)
        where TOptions : class
        where TValidation : class, IValidateOptions<TOptions>
    {
        builder.Services.AddOptions<TOptions>().Bind(builder.Configuration.GetSection(section)).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<TOptions>, TValidation>();
    }
}
