using Toe.Logging;

namespace Toe.Engine;

/// <summary>
/// The run's masker, remembering what is registered through it in the run's hidden values, which a reboot saves
/// with the run state: a SecureString value resolved before a reboot stays masked after it, even in steps that only
/// chain it. (The run state already holds chained values as they are, owner-only; this adds no new exposure.)
/// </summary>
internal sealed class RememberingMasker(ISecretMasker masker, List<string> remembered) : ISecretMasker
{
    public bool HasSecrets => masker.HasSecrets;

    public void AddValue(string secret)
    {
        if (string.IsNullOrWhiteSpace(secret))
        {
            return;
        }

        masker.AddValue(secret);
        if (!remembered.Contains(secret, StringComparer.Ordinal))
        {
            remembered.Add(secret);
        }
    }

    public string Mask(string text) => masker.Mask(text);
}
