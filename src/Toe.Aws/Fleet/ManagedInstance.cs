namespace Toe.Aws.Fleet;

/// <summary>An instance as SSM knows it (DescribeInstanceInformation): managed, and Online or not.</summary>
public sealed record ManagedInstance(string InstanceId, string PingStatus, string? ComputerName, string? PlatformType)
{
    public bool IsOnline => PingStatus == "Online";
}
