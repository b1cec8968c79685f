using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Herald.Hub.Configuration;
using Herald.Hub.History;

namespace Herald.Hub.Auth;

public enum TokenType
{
    Access,
    Refresh,
}

public sealed record TokenPayload(string Sub, string Typ, long Exp, long Iat, string Jti);

public sealed record IssuedTokens(string AccessToken, int ExpiresIn, string RefreshToken);

public sealed class TokenService
{
    public const int KeySize = 32;

    private const string AccessType = "access";
    private const string RefreshType = "refresh";

    private static readonly JsonSerializerOptions PayloadJson = new(JsonSerializerDefaults.Web);

    private readonly byte[] _key;
    private readonly HubSettings _settings;
    private readonly TimeProvider _time;

    public TokenService(HubSettings settings, TimeProvider time, ILogger<TokenService> logger)
    {
        _settings = settings;
        _time = time;
        _key = LoadOrCreateKey(Path.Combine(settings.DataDirectory, "signing.key"), logger);
    }

    public IssuedTokens Issue(string userId)
    {
        var now = _time.GetUtcNow();
        var access = Sign(new TokenPayload(
            userId, AccessType, (now + _settings.TokenLifetime).ToUnixTimeSeconds(), now.ToUnixTimeSeconds(), NewId()));
        var refresh = Sign(new TokenPayload(
            userId, RefreshType, (now + _settings.RefreshLifetime).ToUnixTimeSeconds(), now.ToUnixTimeSeconds(), NewId()));
        return new IssuedTokens(access, (int)_settings.TokenLifetime.TotalSeconds, refresh);
    }

    public bool TryValidate(
        string token,
        TokenType expected,
        [NotNullWhen(true)] out TokenPayload? payload,
        [NotNullWhen(false)] out string? error)
    {
        payload = null;
        var dot = token.IndexOf('.');
        if (dot <= 0 || dot != token.LastIndexOf('.'))
        {
            error = "The token is malformed.";
            return false;
        }

        var body = Encoding.ASCII.GetBytes(token[..dot]);
        Span<byte> signature = stackalloc byte[HMACSHA256.HashSizeInBytes];
        if (!Base64Url.IsValid(token.AsSpan(dot + 1))
            || Base64Url.DecodeFromChars(token.AsSpan(dot + 1), signature, out _, out var written) != System.Buffers.OperationStatus.Done
            || written != signature.Length
            || !CryptographicOperations.FixedTimeEquals(signature, HMACSHA256.HashData(_key, body)))
        {
            error = "The token signature is invalid.";
            return false;
        }

        try
        {
            payload = JsonSerializer.Deserialize<TokenPayload>(Base64Url.DecodeFromChars(token.AsSpan(0, dot)), PayloadJson);
        }
        catch (Exception e) when (e is JsonException or FormatException)
        {
            payload = null;
        }

        if (payload is null)
        {
            error = "The token is malformed.";
            return false;
        }

        if (payload.Typ != (expected == TokenType.Access ? AccessType : RefreshType))
        {
            payload = null;
            error = expected == TokenType.Access ? "This is not an access token." : "This is not a refresh token.";
            return false;
        }

        if (payload.Exp <= _time.GetUtcNow().ToUnixTimeSeconds())
        {
            payload = null;
            error = "The token has expired.";
            return false;
        }

        error = null;
        return true;
    }

    private string Sign(TokenPayload payload)
    {
        var body = Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(payload, PayloadJson));
        var signature = HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes(body));
        return $"{body}.{Base64Url.EncodeToString(signature)}";
    }

    private static string NewId() => Guid.NewGuid().ToString("N");

    private static byte[] LoadOrCreateKey(string path, ILogger logger)
    {
        if (File.Exists(path))
        {
            var existing = File.ReadAllBytes(path);
            return existing.Length == KeySize
                ? existing
                : throw new StoreException($"{path} must hold exactly {KeySize} bytes; delete it to create a new key");
        }

        var key = RandomNumberGenerator.GetBytes(KeySize);
        AtomicFile.Write(path, key, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        logger.LogInformation("Created a new token signing key at {Path}", path);
        return key;
    }
}
