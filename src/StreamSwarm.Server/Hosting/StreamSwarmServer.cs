using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using StreamSwarm.Server.Api;
using StreamSwarm.Server.Api.Admin;
using StreamSwarm.Server.Embed;
using StreamSwarm.Server.Ingest;
using StreamSwarm.Server.Keys;
using StreamSwarm.Server.Origin;
using StreamSwarm.Server.Pages;
using StreamSwarm.Server.Swarm;
using StreamSwarm.Server.Window;

namespace StreamSwarm.Server.Hosting;

/// <summary>
/// Builds and starts the server: what <c>Program</c> runs, and what tests start in-process on
/// 127.0.0.1 port 0 (<see cref="StartAsync"/> returns the bound address).
/// </summary>
public static class StreamSwarmServer
{
    public const string DefaultUrl = "http://127.0.0.1:8080";

    public static WebApplication Build(string[] args, string? contentRoot = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            // The pages ship next to the dll, so the server runs from any working directory.
            ContentRootPath = contentRoot ?? AppContext.BaseDirectory,
        });
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        AddServices(builder.Services, builder.Configuration);
        var app = builder.Build();
        Configure(app);
        return app;
    }

    /// <summary>Starts the server and returns it with its first bound address.</summary>
    public static async Task<(WebApplication App, Uri BaseUri)> StartAsync(string[] args, CancellationToken cancellationToken = default, string? contentRoot = null)
    {
        var app = Build(args, contentRoot);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return (app, new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal)));
    }

    private static void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<IngestOptions>().Bind(configuration.GetSection(IngestOptions.Section)).ValidateOnStart();
        services.AddOptions<WindowOptions>().Bind(configuration.GetSection(WindowOptions.Section)).ValidateOnStart();
        services.AddOptions<OriginOptions>().Bind(configuration.GetSection(OriginOptions.Section)).ValidateOnStart();
        services.AddOptions<KeysOptions>().Bind(configuration.GetSection(KeysOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<IngestOptions>, IngestOptionsValidation>();
        services.AddSingleton<IValidateOptions<WindowOptions>, WindowOptionsValidation>();
        services.AddSingleton<IValidateOptions<OriginOptions>, OriginOptionsValidation>();
        services.AddSingleton<IValidateOptions<KeysOptions>, KeysOptionsValidation>();

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<StreamKeyStore>();
        services.AddSingleton<AdminToken>();
        services.AddSingleton<WindowStore>();
        services.AddSingleton<ILiveStreamDirectory, LiveStreamDirectory>();
        services.AddSingleton<SwarmNotices>();
        services.AddHostedService<IdleSessionReaper>();
        services.AddSwarm(configuration);
        services.AddProblemDetails();
        services.AddCors(o => o.AddPolicy(OriginEndpoints.CorsPolicy, p => p.AllowAnyOrigin().AllowAnyHeader().WithMethods("GET", "HEAD")));
        services.AddHubCors();
    }

    private static void Configure(WebApplication app)
    {
        app.UseStatusCodePages();
        app.UseCors();
        app.UseEmbedCors(OriginEndpoints.CorsPolicy);
        app.UseOriginEgressCounter();
        app.UseStaticFiles();
        app.MapPages();
        app.MapEmbed();
        app.MapIngest();
        app.MapOrigin();
        app.MapStreamsApi();
        app.MapSwarm();
        app.MapAdminKeys();
    }
}
