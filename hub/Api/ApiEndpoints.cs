using System.Security.Claims;
using System.Text.Json;
using Herald.Hub.Configuration;
using Herald.Hub.Hubs;
using Herald.Hub.Notifications;
using Herald.Hub.Validation;
using Microsoft.AspNetCore.SignalR;

namespace Herald.Hub.Api;

public sealed record ApiError(string Error, string Message);

public static class ApiEndpoints
{
    public const string SenderPolicy = "sender";

    public static IEndpointRouteBuilder MapApiEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", () => TypedResults.Text("ok"));
        app.MapGet("/stats", (ConnectionStats stats) => TypedResults.Json(stats.Snapshot()));
        app.MapPost("/api/notifications", PostNotificationAsync).RequireAuthorization(SenderPolicy);
        return app;
    }

    private static async Task<IResult> PostNotificationAsync(
        HttpContext context,
        HeraldConfig config,
        NotificationDispatcher dispatcher,
        IHubContext<NotificationHub, INotificationClient> hub,
        TimeProvider time)
    {
        if (!context.Request.HasJsonContentType())
        {
            return Problem(
                StatusCodes.Status415UnsupportedMediaType,
                InputException.InvalidRequest,
                "Send the request body as application/json.");
        }

        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        }
        catch (JsonException e)
        {
            return Problem(StatusCodes.Status400BadRequest, InputException.InvalidRequest, $"The body is not valid JSON: {e.Message}");
        }

        using (document)
        {
            try
            {
                var body = JsonFields.Of(document.RootElement, "body", "target", "notification");
                var target = TargetParser.Parse(body.Get("target"), config, hasCallingConnection: false);
                var input = NotificationInput.Parse(body.Get("notification"), time.GetUtcNow());
                var receipt = await dispatcher.SendAsync(SenderOf(context.User), target, input, hub.Clients);
                return TypedResults.Json(receipt, statusCode: StatusCodes.Status202Accepted);
            }
            catch (JsonShapeException e)
            {
                return Problem(StatusCodes.Status400BadRequest, InputException.InvalidRequest, e.Message);
            }
            catch (InputException e)
            {
                return Problem(StatusCodes.Status400BadRequest, e.Error, e.Message);
            }
        }
    }

    private static NotificationSender SenderOf(ClaimsPrincipal user)
    {
        var id = user.FindFirstValue(ClaimTypes.NameIdentifier)!;
        return new NotificationSender(id, user.Identity?.Name ?? id);
    }

    private static IResult Problem(int status, string error, string message) =>
        TypedResults.Json(new ApiError(error, message), statusCode: status);
}
