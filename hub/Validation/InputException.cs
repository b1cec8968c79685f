namespace Herald.Hub.Validation;

public sealed class InputException(string error, string message) : Exception(message)
{
    public const string InvalidRequest = "invalid_request";
    public const string InvalidTarget = "invalid_target";
    public const string InvalidNotification = "invalid_notification";

    public string Error { get; } = error;
}
