using Amazon.Runtime;

namespace Toe.Aws.Fleet;

/// <summary>One-line reasons for SSM Run Command errors, with what to fix; the rest goes to <see cref="AwsErrors"/>.</summary>
public static class FleetErrors
{
    public static bool IsThrottling(AmazonServiceException exception) =>
        exception.ErrorCode is "ThrottlingException" or "Throttling" or "TooManyRequestsException" or "TooManyUpdates";

    public static string Reason(Exception exception) => exception switch
    {
        AmazonServiceException { ErrorCode: "InvalidInstanceId" } error =>
            $"an instance is not managed by SSM or not in a state to run commands (stopped, agent offline, or in another Region): {error.Message} (InvalidInstanceId)",
        AmazonServiceException { ErrorCode: "InvalidTarget" or "InvalidTargetMaps" } error =>
            $"the targets are not valid: {error.Message}; write --targets Key=tag:Name,Values=web-1,web-2 ({error.ErrorCode})",
        AmazonServiceException { ErrorCode: "InvalidDocument" } =>
            $"the SSM document {FleetCommand.DocumentName} is not available in this Region (InvalidDocument)",
        AmazonServiceException { ErrorCode: "InvalidParameters" or "ValidationException" } error =>
            $"SSM refused the command's parameters: {error.Message} ({error.ErrorCode}); check --max-concurrency, --max-errors and --timeout-seconds",
        _ => AwsErrors.Reason(exception, "SSM"),
    };
}
