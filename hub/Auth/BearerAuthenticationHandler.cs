using System.Security.Claims;
using System.Text.Encodings.Web;
using Herald.Hub.Configuration;
using Herald.Hub.Hubs;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Herald.Hub.Auth;

public sealed class BearerAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    TokenService tokens,
    HeraldConfig config)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    public const string SchemeName = "Bearer";
    public const string SenderRole = "sender";

    private const string BearerPrefix = "Bearer ";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var token = ReadToken();
        if (token is null)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (!tokens.TryValidate(token, TokenType.Access, out var payload, out var error))
        {
            return Task.FromResult(AuthenticateResult.Fail(error));
        }

        if (config.FindUser(payload.Sub) is not { } user)
        {
            return Task.FromResult(AuthenticateResult.Fail("The token names a user who no longer exists."));
        }

        var properties = new AuthenticationProperties
        {
            IssuedUtc = DateTimeOffset.FromUnixTimeSeconds(payload.Iat),
            ExpiresUtc = DateTimeOffset.FromUnixTimeSeconds(payload.Exp),
        };
        var ticket = new AuthenticationTicket(CreatePrincipal(user), properties, SchemeName);
        return Task.FromResult(AuthenticateResult.Success(ticket));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var failure = (await HandleAuthenticateOnceSafeAsync()).Failure;
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.Append(
            HeaderNames.WWWAuthenticate,
            failure is null
                ? SchemeName
                : $"{SchemeName} error=\"invalid_token\", error_description=\"{failure.Message}\"");
    }

    private static ClaimsPrincipal CreatePrincipal(UserAccount user)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, user.Id),
            new(ClaimTypes.Name, user.DisplayName),
        };
        claims.AddRange(user.Roles.Select(role => new Claim(ClaimTypes.Role, role)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName, ClaimTypes.Name, ClaimTypes.Role));
    }

    private string? ReadToken()
    {
        string? authorization = Request.Headers.Authorization;
        if (!string.IsNullOrEmpty(authorization))
        {
            return authorization.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase)
                ? authorization[BearerPrefix.Length..].Trim()
                : null;
        }

        if (Request.Path.StartsWithSegments(NotificationHub.Path)
            && Request.Query.TryGetValue("access_token", out var queryToken)
            && !string.IsNullOrEmpty(queryToken))
        {
            return queryToken.ToString();
        }

        return null;
    }
}
