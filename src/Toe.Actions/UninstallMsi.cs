using Toe.Actions.Windows;

namespace Toe.Actions;

/// <summary>
/// UninstallMSI (Windows): <c>msiexec /x "path" /quiet /norestart [/L&lt;logOptions&gt; "logFile"] REBOOT=ReallySuppress
/// NAME=value...</c>. Exit codes 0, 1605 (not installed), 1614, 1641 and 3010 succeed. See <see cref="MsiModule"/>.
/// </summary>
public sealed class UninstallMsi : MsiModule
{
    public UninstallMsi(int stdoutLimit = ExecuteBash.DefaultStdoutLimit)
        : base(stdoutLimit)
    {
    }

    public override string Name => "UninstallMSI";

    protected override MsiOperation Operation => MsiOperation.Uninstall;
}
