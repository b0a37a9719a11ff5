namespace Toe.Actions.Windows;

/// <summary>What an msiexec exit code means for the step: success, a wanted reboot, or a failure with a reason.</summary>
public static class MsiExitCodes
{
    public const int Success = 0;
    public const int UnknownProduct = 1605;
    public const int ProductUninstalled = 1614;
    public const int RebootInitiated = 1641;
    public const int RebootRequired = 3010;

    /// <summary>The exit codes the page lists as successful for the operation.</summary>
    public static IReadOnlyList<int> Successful(MsiOperation operation) => operation == MsiOperation.Install
        ? [Success, ProductUninstalled, RebootInitiated, RebootRequired]
        : [Success, UnknownProduct, ProductUninstalled, RebootInitiated, RebootRequired];

    /// <summary>msiexec says a reboot is needed (3010) or has started one itself (1641).</summary>
    public static bool WantsReboot(int exitCode) => exitCode is RebootRequired or RebootInitiated;

    /// <summary>Whether Toe asks for a reboot after a successful run: Force always, Allow when msiexec wants one, Skip never.</summary>
    public static bool RebootAfter(MsiReboot reboot, int exitCode) => reboot switch
    {
        MsiReboot.Force => true,
        MsiReboot.Allow => WantsReboot(exitCode),
        _ => false,
    };

    /// <summary>The Windows Installer name of common failure codes, for the failure message; null for others.</summary>
    public static string? Describe(int exitCode) => exitCode switch
    {
        1601 => "ERROR_INSTALL_SERVICE_FAILURE: the Windows Installer service could not be accessed",
        1602 => "ERROR_INSTALL_USEREXIT: the user cancelled the installation",
        1603 => "ERROR_INSTALL_FAILURE: a fatal error occurred during installation; the MSI log says which",
        1605 => "ERROR_UNKNOWN_PRODUCT: the product is not installed",
        1618 => "ERROR_INSTALL_ALREADY_RUNNING: another installation is in progress; retry later (maxAttempts)",
        1619 => "ERROR_INSTALL_PACKAGE_OPEN_FAILED: the package could not be opened; check the path and that it is an MSI",
        1620 => "ERROR_INSTALL_PACKAGE_INVALID: the package is not a valid Windows Installer package",
        1625 => "ERROR_INSTALL_PACKAGE_REJECTED: system policy forbids this installation",
        1633 => "ERROR_INSTALL_PLATFORM_UNSUPPORTED: the package does not support this platform",
        1638 => "ERROR_PRODUCT_VERSION: another version of this product is already installed",
        1639 => "ERROR_INVALID_COMMAND_LINE: msiexec refused the command line; check 'properties'",
        _ => null,
    };
}
