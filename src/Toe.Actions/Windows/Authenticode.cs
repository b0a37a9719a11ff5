namespace Toe.Actions.Windows;

/// <summary>
/// The installer signature check of InstallMSI and UninstallMSI: PowerShell's <c>Get-AuthenticodeSignature</c>
/// gives a status, and the two flags decide whether the installer may run.
/// </summary>
public static class Authenticode
{
    /// <summary>PowerShell that prints the signature status of the file named by <see cref="PathVariable"/> (no quoting of the path needed).</summary>
    public const string StatusScript = "(Get-AuthenticodeSignature -LiteralPath $env:TOE_AUTHENTICODE_PATH).Status.ToString()";

    public const string PathVariable = "TOE_AUTHENTICODE_PATH";

    /// <summary>
    /// Null when the installer may run; otherwise why not. <c>Valid</c> always runs; <c>NotSigned</c> runs only with
    /// <c>allowUnsignedInstaller</c>; any other status (HashMismatch, NotTrusted, UnknownError, ...) is a signature
    /// error and runs only with <c>ignoreAuthenticodeSignatureErrors</c>.
    /// </summary>
    public static string? Refusal(string status, string path, bool ignoreSignatureErrors, bool allowUnsigned)
    {
        status = status.Trim();
        if (status.Equals("Valid", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        if (status.Equals("NotSigned", StringComparison.OrdinalIgnoreCase))
        {
            return allowUnsigned ? null : $"the installer '{path}' is not signed; set 'allowUnsignedInstaller: true' to run it anyway";
        }

        return ignoreSignatureErrors
            ? null
            : $"the Authenticode signature of '{path}' is not valid (status {(status.Length == 0 ? "unknown" : status)}); set 'ignoreAuthenticodeSignatureErrors: true' to run it anyway";
    }
}
