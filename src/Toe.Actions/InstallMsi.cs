using Toe.Actions.Windows;

namespace Toe.Actions;

/// <summary>
/// InstallMSI (Windows): <c>msiexec /i "path" /quiet /norestart [/L&lt;logOptions&gt; "logFile"] REBOOT=ReallySuppress
/// NAME=value...</c>. Exit codes 0, 1614, 1641 and 3010 succeed. See <see cref="MsiModule"/>.
/// </summary>
public sealed class InstallMsi : MsiModule
{
    public InstallMsi(int stdoutLimit = ExecuteBash.DefaultStdoutLimit)
        : base(stdoutLimit)
    {
    }

    public override string Name => "InstallMSI";

    protected override MsiOperation Operation => MsiOperation.Install;
}
