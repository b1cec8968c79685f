using Herald.Hub.Api;
using Herald.Hub.Auth;
using Herald.Hub.Configuration;
using Herald.Hub.History;
using Herald.Hub.Hubs;
using Herald.Hub.Notifications;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Logging.Console;

if (HubSettings.IsHelpRequest(args))
{
    Console.Error.WriteLine(HubSettings.Usage);
    return 0;
}

HubSettings settings;
HeraldConfig config;
try
{
    settings = HubSettings.Parse(args);
    config = HeraldConfig.Load(settings.ConfigPath);
}
catch (UsageException e)
{
    Console.Error.WriteLine($"error: {e.Message}");
    Console.Error.WriteLine(HubSettings.Usage);
    return 2;
}
catch (ConfigException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = [],
    ContentRootPath = AppContext.BaseDirectory,
});

builder.WebHost
    .UseUrls(settings.Urls)
    .UseSockets(sockets => sockets.Backlog = 2048)
    .ConfigureKestrel(kestrel =>
    {
        kestrel.AddServerHeader = false;
        kestrel.Limits.MaxRequestBodySize = 256 * 1024;
        kestrel.Limits.MaxConcurrentConnections = null;
        kestrel.Limits.MaxConcurrentUpgradedConnections = null;
    });

builder.Logging
    .ClearProviders()
    .AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace)
    .AddSimpleConsole(console =>
    {
        console.SingleLine = true;
        console.UseUtcTimestamp = true;
        console.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z' ";
        console.ColorBehavior = LoggerColorBehavior.Disabled;
    })
    .SetMinimumLevel(LogLevel.Information)
    .AddFilter("Microsoft", LogLevel.Warning)
    .AddFilter("System", LogLevel.Warning)
    .AddFilter(typeof(BearerAuthenticationHandler).FullName, LogLevel.Warning)
    .AddFilter(HubErrorLogging.DispatcherCategory, LogLevel.None);

builder.Services
    .AddSingleton(settings)
    .AddSingleton(config)
    .AddSingleton(TimeProvider.System)
    .AddSingleton<HistoryStore>()
    .AddSingleton<TokenService>()
    .AddSingleton<NotificationDispatcher>()
    .AddSingleton<GroupMembers>()
    .AddSingleton<ConnectionStats>();

builder.Services.AddDataProtection();
builder.Services.Configure<KeyManagementOptions>(keys =>
{
    keys.XmlRepository = new InMemoryXmlRepository();
    keys.XmlEncryptor = new NullXmlEncryptor();
});

builder.Services
    .AddAuthentication(BearerAuthenticationHandler.SchemeName)
    .AddScheme<AuthenticationSchemeOptions, BearerAuthenticationHandler>(BearerAuthenticationHandler.SchemeName, null);

builder.Services.AddAuthorizationBuilder()
    .AddPolicy(ApiEndpoints.SenderPolicy, policy => policy
        .RequireAuthenticatedUser()
        .RequireRole(BearerAuthenticationHandler.SenderRole));

builder.Services.AddSignalR(hub =>
{
    hub.KeepAliveInterval = settings.KeepAlive;
    hub.ClientTimeoutInterval = settings.ClientTimeout;
    hub.MaximumReceiveMessageSize = 128 * 1024;
    hub.StatefulReconnectBufferSize = settings.ReconnectBuffer;
    hub.AddFilter<HubErrorLogging>();
});

var app = builder.Build();
var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Herald.Hub");

try
{
    Directory.CreateDirectory(settings.DataDirectory);
    app.Services.GetRequiredService<HistoryStore>();
    app.Services.GetRequiredService<TokenService>();
}
catch (Exception e) when (e is StoreException or IOException or UnauthorizedAccessException)
{
    logger.LogCritical("Cannot use the data directory {Directory}: {Message}", settings.DataDirectory, e.Message);
    await app.DisposeAsync();
    return 1;
}

app.UseAuthentication();
app.UseAuthorization();

app.MapAuthEndpoints();
app.MapApiEndpoints();
app.MapHub<NotificationHub>(NotificationHub.Path, options =>
{
    options.AllowStatefulReconnects = true;
    options.CloseOnAuthenticationExpiration = true;
}).RequireAuthorization();

app.Lifetime.ApplicationStarted.Register(() =>
{
    var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
    logger.LogInformation(
        "Herald hub listening on {Addresses} (data: {Data}, {Users} users, {Groups} groups)",
        string.Join(", ", addresses),
        settings.DataDirectory,
        config.UserCount,
        config.Groups.Count);
});

try
{
    await app.RunAsync();
    return 0;
}
catch (IOException e)
{
    logger.LogCritical("The hub stopped: {Message}", e.Message);
    return 1;
}
