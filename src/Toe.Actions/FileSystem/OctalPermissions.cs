namespace Toe.Actions.FileSystem;

/// <summary>
/// The <c>permissions</c> input: an octal mode of 1 to 4 digits, as chmod takes it (<c>0755</c>, <c>755</c>,
/// <c>4755</c>), optionally with YAML 1.2's <c>0o</c> prefix. A YAML number written <c>0777</c> reaches the
/// module as the text "0777" and <c>777</c> as "777", which mean the same. Symbolic modes (<c>u+x</c>)
/// are refused: they describe a change relative to the current mode, which the documented inputs
/// never do. The mode is applied exactly; the umask plays no part (docs/compatibility.md).
/// </summary>
internal static class OctalPermissions
{
    private const int MaxDigits = 4;

    public static UnixFileMode Parse(string text, string input = "permissions")
    {
        var value = text.Trim();
        var digits = value.StartsWith("0o", StringComparison.OrdinalIgnoreCase) ? value[2..] : value;
        if (digits.Length == 0)
        {
            throw Invalid(input, text, "it is empty");
        }

        if (digits.All(char.IsAsciiDigit))
        {
            if (digits.Any(c => c is '8' or '9'))
            {
                throw Invalid(input, text, "8 and 9 are not octal digits");
            }

            if (digits.Length > MaxDigits)
            {
                throw Invalid(input, text, $"a mode has at most {MaxDigits} octal digits (special bits, user, group, others)");
            }

            return (UnixFileMode)Convert.ToInt32(digits, 8);
        }

        if (value.Length > 0 && value.All(c => "ugoa+-=rwxXst,".Contains(c, StringComparison.Ordinal)))
        {
            throw Invalid(input, text, "symbolic modes are not supported");
        }

        throw Invalid(input, text, "it is not an octal number");
    }

    /// <summary>The mode as chmod prints it: four octal digits.</summary>
    public static string Format(UnixFileMode mode) => Convert.ToString((int)mode, 8).PadLeft(4, '0');

    private static ItemFailedException Invalid(string input, string text, string why) =>
        new($"input '{input}': '{text}' is not a valid mode ({why}); give an octal mode such as 0755 or 644");
}
