using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;
using Herald.Hub.Configuration;

namespace Herald.Hub.Auth;

public sealed record TokenResponse(
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("token_type")] string TokenType,
    [property: JsonPropertyName("expires_in")] int ExpiresIn,
    [property: JsonPropertyName("refresh_token")] string RefreshToken,
    [property: JsonPropertyName("display_name")] string DisplayName);

public sealed record OAuthError(
    [property: JsonPropertyName("error")] string Error,
    [property: JsonPropertyName("error_description")] string ErrorDescription);

public static class AuthEndpoints
{
    private const string PasswordGrant = "password";
    private const string RefreshGrant = "refresh_token";

    public static IEndpointRouteBuilder MapAuthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/auth/token", (HttpContext context, TokenService tokens, HeraldConfig config) =>
            IssueAsync(context, tokens, config, defaultGrant: null));
        app.MapPost("/auth/refresh", (HttpContext context, TokenService tokens, HeraldConfig config) =>
            IssueAsync(context, tokens, config, defaultGrant: RefreshGrant));
        return app;
    }

    private static async Task<IResult> IssueAsync(
        HttpContext context, TokenService tokens, HeraldConfig config, string? defaultGrant)
    {
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers.Pragma = "no-cache";

        if (!context.Request.HasFormContentType)
        {
            return Error("invalid_request", "Send the request as application/x-www-form-urlencoded.");
        }

        IFormCollection form;
        try
        {
            form = await context.Request.ReadFormAsync(context.RequestAborted);
        }
        catch (InvalidDataException e)
        {
            return Error("invalid_request", $"The form body could not be read: {e.Message}");
        }

        var grant = NonEmpty(form["grant_type"]) ?? defaultGrant;
        return grant switch
        {
            null => Error("invalid_request", "grant_type is required (password or refresh_token)."),
            PasswordGrant => PasswordFlow(form, tokens, config),
            RefreshGrant => RefreshFlow(form, tokens, config),
            _ => Error("unsupported_grant_type", $"grant_type \"{grant}\" is not supported; use password or refresh_token."),
        };
    }

    private static IResult PasswordFlow(IFormCollection form, TokenService tokens, HeraldConfig config)
    {
        var username = NonEmpty(form["username"]);
        var password = NonEmpty(form["password"]);
        if (username is null || password is null)
        {
            return Error("invalid_request", "username and password are required.");
        }

        var user = config.FindUser(username);
        if (!PasswordMatches(user?.Password, password))
        {
            return Error("invalid_grant", "The user name or password is incorrect.");
        }

        return Issued(tokens.Issue(user!.Id), user.DisplayName);
    }

    private static IResult RefreshFlow(IFormCollection form, TokenService tokens, HeraldConfig config)
    {
        var refreshToken = NonEmpty(form["refresh_token"]);
        if (refreshToken is null)
        {
            return Error("invalid_request", "refresh_token is required.");
        }

        if (!tokens.TryValidate(refreshToken, TokenType.Refresh, out var payload, out var error))
        {
            return Error("invalid_grant", error);
        }

        return config.FindUser(payload.Sub) is { } user
            ? Issued(tokens.Issue(user.Id), user.DisplayName)
            : Error("invalid_grant", "The token names a user who no longer exists.");
    }

    private static bool PasswordMatches(string? expected, string supplied)
    {
        var suppliedHash = SHA256.HashData(Encoding.UTF8.GetBytes(supplied));
        var expectedHash = SHA256.HashData(Encoding.UTF8.GetBytes(expected ?? ""));
        return CryptographicOperations.FixedTimeEquals(suppliedHash, expectedHash) && expected is not null;
    }

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static IResult Issued(IssuedTokens issued, string displayName) =>
        TypedResults.Json(new TokenResponse(
            issued.AccessToken,
            BearerAuthenticationHandler.SchemeName,
            issued.ExpiresIn,
            issued.RefreshToken,
            displayName));

    private static IResult Error(string error, string description) =>
        TypedResults.Json(new OAuthError(error, description), statusCode: StatusCodes.Status400BadRequest);
}
