using Toe.Engine;

namespace Toe.Actions.Windows;

/// <summary>The failure of a Windows-only module run on Linux or macOS.</summary>
internal static class WindowsOnly
{
    public static ActionResult Failure(string module) =>
        ActionResult.Failed($"{module} is supported on Windows only; this machine runs {(OperatingSystem.IsMacOS() ? "macOS" : "Linux")}. Guard the step with an 'if' on {{{{ context:osPlatform }}}} or move it to a Windows document");
}
