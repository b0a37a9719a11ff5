namespace Toe.Logging;

/// <summary>
/// Replaces registered secret values with <c>***</c> before text reaches any log sink
/// (console.log, application.log, detailedoutput.json, chaining.json, observer messages).
/// </summary>
public interface ISecretMasker
{
    /// <summary>Registers a value to hide. Empty and whitespace-only values are ignored.</summary>
    void AddValue(string secret);

    /// <summary>True once at least one value is registered (lets hot paths skip masking).</summary>
    bool HasSecrets { get; }

    string Mask(string text);
}

public sealed class SecretMasker : ISecretMasker
{
    public const string Mask = "***";

    private readonly Lock _lock = new();
    private string[] _secrets = [];

    public bool HasSecrets => Volatile.Read(ref _secrets).Length > 0;

    public void AddValue(string secret)
    {
        if (string.IsNullOrWhiteSpace(secret))
        {
            return;
        }

        lock (_lock)
        {
            if (Array.IndexOf(_secrets, secret) >= 0)
            {
                return;
            }

            // Longest first, so a secret that contains another is masked whole.
            var next = _secrets.Append(secret).OrderByDescending(s => s.Length).ToArray();
            Volatile.Write(ref _secrets, next);
        }
    }

    string ISecretMasker.Mask(string text) => Apply(text);

    public string Apply(string text)
    {
        var secrets = Volatile.Read(ref _secrets);
        if (secrets.Length == 0 || string.IsNullOrEmpty(text))
        {
            return text;
        }

        foreach (var secret in secrets)
        {
            if (text.Contains(secret, StringComparison.Ordinal))
            {
                text = text.Replace(secret, Mask, StringComparison.Ordinal);
            }
        }

        return text;
    }
}
