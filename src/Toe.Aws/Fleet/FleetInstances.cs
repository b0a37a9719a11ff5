using Amazon.SimpleSystemsManagement;
using Amazon.SimpleSystemsManagement.Model;

namespace Toe.Aws.Fleet;

/// <summary>
/// Checks the instances before anything is sent (DescribeInstanceInformation): every --instance-ids
/// entry must be managed by SSM and Online; --targets must match at least one instance, and every
/// match must be Online. All targets must match at once, as SSM combines several Targets.
/// </summary>
public static class FleetInstances
{
    public static async Task<IReadOnlyList<ManagedInstance>> CheckAsync(IAmazonSimpleSystemsManagement ssm, FleetRunOptions options, string? region, CancellationToken cancellationToken)
    {
        var filters = new List<InstanceInformationStringFilter>();
        if (options.InstanceIds.Count > 0)
        {
            filters.Add(new InstanceInformationStringFilter { Key = "InstanceIds", Values = [.. options.InstanceIds] });
        }

        foreach (var target in options.Targets)
        {
            if (target.InstanceInformationFilterKey is not { } key)
            {
                continue; // resource groups: SSM resolves them; nothing to check here
            }

            filters.Add(new InstanceInformationStringFilter { Key = key, Values = [.. target.Values] });
        }

        var found = filters.Count == 0 ? [] : await DescribeAsync(ssm, filters, cancellationToken).ConfigureAwait(false);
        var where = region is null ? "SSM" : $"SSM in {region}";
        foreach (var id in options.InstanceIds)
        {
            if (found.All(instance => instance.InstanceId != id))
            {
                throw new AwsFailureException($"instance {id} is not managed by {where}: check the instance id and Region, that its SSM agent runs and that its instance profile allows SSM (AmazonSSMManagedInstanceCore)", "InvalidInstanceId");
            }
        }

        if (options.Targets.Count > 0 && options.InstanceIds.Count == 0 && filters.Count > 0 && found.Count == 0)
        {
            throw new AwsFailureException($"no instance managed by {where} matches {string.Join(" and ", options.Targets)}: check the tags and the Region", "InvalidTarget");
        }

        var offline = found.Where(instance => !instance.IsOnline).ToList();
        if (offline.Count > 0)
        {
            var names = string.Join(", ", offline.Select(instance => $"{instance.InstanceId} ({instance.PingStatus})"));
            throw new AwsFailureException($"not reachable through SSM: {names}; start the instance or check its SSM agent and network, then run again", "InstanceOffline");
        }

        return found;
    }

    private static async Task<List<ManagedInstance>> DescribeAsync(IAmazonSimpleSystemsManagement ssm, List<InstanceInformationStringFilter> filters, CancellationToken cancellationToken)
    {
        var result = new List<ManagedInstance>();
        string? next = null;
        do
        {
            var response = await ssm.DescribeInstanceInformationAsync(new DescribeInstanceInformationRequest { Filters = filters, MaxResults = 50, NextToken = next }, cancellationToken).ConfigureAwait(false);
            foreach (var info in response.InstanceInformationList ?? [])
            {
                result.Add(new ManagedInstance(info.InstanceId, info.PingStatus?.Value ?? "Unknown", info.ComputerName, info.PlatformType?.Value));
            }

            next = response.NextToken;
        }
        while (!string.IsNullOrEmpty(next));

        return result;
    }
}
