using Microsoft.AspNetCore.SignalR;

namespace Herald.Hub.Hubs;

public sealed class HubErrorLogging(ILogger<HubErrorLogging> logger) : IHubFilter
{
    public const string DispatcherCategory = "Microsoft.AspNetCore.SignalR.Internal.DefaultHubDispatcher";

    public async ValueTask<object?> InvokeMethodAsync(
        HubInvocationContext invocationContext,
        Func<HubInvocationContext, ValueTask<object?>> next)
    {
        try
        {
            return await next(invocationContext);
        }
        catch (HubException e)
        {
            logger.LogInformation(
                "{Method} refused for {User}: {Reason}",
                invocationContext.HubMethodName,
                invocationContext.Context.UserIdentifier,
                e.Message);
            throw;
        }
        catch (Exception e)
        {
            logger.LogError(
                e,
                "{Method} failed for {User}",
                invocationContext.HubMethodName,
                invocationContext.Context.UserIdentifier);
            throw;
        }
    }
}
