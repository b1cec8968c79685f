using System.Security.Claims;
using System.Text.Json;
using Herald.Hub.Configuration;
using Herald.Hub.Hubs;
using Herald.Hub.Notifications;
using Herald.Hub.Validation;
using Microsoft.AspNetCore.SignalR;

namespace Herald.Hub.Api;

public sealed record ApiError(string Error, string Message);

public sealed record BatchReceipt(IReadOnlyList<SendReceipt> Results);

public static class ApiEndpoints
{
    public const string SenderPolicy = "sender";

    /// <summary>Most notifications one batch request may carry.</summary>
    public const int MaxBatch = 500;

    public static IEndpointRouteBuilder MapApiEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", () => TypedResults.Text("ok"));
        app.MapGet("/stats", (ConnectionStats stats) => TypedResults.Json(stats.Snapshot()));
        app.MapPost("/api/notifications", PostNotificationAsync).RequireAuthorization(SenderPolicy);
        app.MapPost("/api/notifications/batch", PostBatchAsync).RequireAuthorization(SenderPolicy);
        return app;
    }

    private static Task<IResult> PostNotificationAsync(
        HttpContext context,
        HeraldConfig config,
        NotificationDispatcher dispatcher,
        IHubContext<NotificationHub, INotificationClient> hub,
        TimeProvider time) =>
        WithJsonBodyAsync(context, async root =>
        {
            var (target, input) = ParseSend(root, "body", config, time);
            var receipt = await dispatcher.SendAsync(SenderOf(context.User), target, input, hub.Clients);
            return TypedResults.Json(receipt, statusCode: StatusCodes.Status202Accepted);
        });

    /// <summary>
    /// `{ "items": [{ target, notification }, …] }`, at most <see cref="MaxBatch"/>: every item is
    /// validated before any is sent, then all are recorded together (one flush to disk) with
    /// cursors in item order. For producers with bursts, where one request each would be the cost.
    /// </summary>
    private static Task<IResult> PostBatchAsync(
        HttpContext context,
        HeraldConfig config,
        NotificationDispatcher dispatcher,
        IHubContext<NotificationHub, INotificationClient> hub,
        TimeProvider time) =>
        WithJsonBodyAsync(context, async root =>
        {
            var items = JsonFields.Of(root, "body", "items").RequiredArray("items");
            if (items.Count is 0 or > MaxBatch)
            {
                throw new JsonShapeException("items", $"must hold 1 to {MaxBatch} notifications");
            }

            var sends = items.Select((item, i) => ParseSend(item, JsonShape.Item("items", i), config, time)).ToList();
            var sender = SenderOf(context.User);
            var receipts = await Task.WhenAll(
                sends.Select(send => dispatcher.SendAsync(sender, send.Target, send.Input, hub.Clients)));
            return TypedResults.Json(new BatchReceipt(receipts), statusCode: StatusCodes.Status202Accepted);
        });

    private static (SendTarget Target, NotificationInput Input) ParseSend(
        JsonElement element, string path, HeraldConfig config, TimeProvider time)
    {
        var body = JsonFields.Of(element, path, "target", "notification");
        try
        {
            var target = TargetParser.Parse(body.Get("target"), config, hasCallingConnection: false);
            var input = NotificationInput.Parse(body.Get("notification"), time.GetUtcNow());
            return (target, input);
        }
        catch (InputException e) when (path != "body")
        {
            throw new InputException(e.Error, $"{path}: {e.Message}");
        }
    }

    private static async Task<IResult> WithJsonBodyAsync(HttpContext context, Func<JsonElement, Task<IResult>> handle)
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
                return await handle(document.RootElement);
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
