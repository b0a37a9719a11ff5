using System.Text;

namespace Toe.Actions.Web;

/// <summary>
/// Hides what a URL may carry as a secret before the URL reaches a message or a log: the user
/// information (<c>https://user:password@host/</c>), every query value (presigned URLs carry their
/// signature and session token there, and other services use <c>?token=</c>, <c>?sig=</c>, ... so no
/// list of names would be complete) and the fragment. Works on the raw text, so even a URL that does
/// not parse is shown redacted.
/// </summary>
public static class UrlRedaction
{
    public const string Mask = "***";

    /// <summary><c>https://u:p@host/a?X-Amz-Signature=abc&amp;v</c> → <c>https://***@host/a?X-Amz-Signature=***&amp;***</c>.</summary>
    public static string Redact(string url)
    {
        var parts = Split(url);
        var builder = new StringBuilder(url.Length);
        builder.Append(url, 0, parts.AuthorityStart);
        if (parts.UserInfoLength > 0)
        {
            builder.Append(Mask);
        }

        builder.Append(url, parts.HostStart, parts.QueryStart - parts.HostStart);
        if (parts.QueryStart < parts.FragmentStart)
        {
            builder.Append('?').Append(RedactQuery(url[(parts.QueryStart + 1)..parts.FragmentStart]));
        }

        if (parts.FragmentStart < url.Length)
        {
            builder.Append('#');
            if (parts.FragmentStart + 1 < url.Length)
            {
                builder.Append(Mask);
            }
        }

        return builder.ToString();
    }

    /// <summary>
    /// The secret parts as written (user information, the whole query), for the run's secret masker, so the
    /// URL is masked in the report's inputs and chaining too. Short values are left out: masking every "v=1"
    /// in the logs would hide nothing worth hiding and make them unreadable.
    /// </summary>
    public static IEnumerable<string> SecretParts(string url)
    {
        var parts = Split(url);
        if (parts.UserInfoLength >= 4)
        {
            yield return url.Substring(parts.AuthorityStart, parts.UserInfoLength);
        }

        var query = parts.FragmentStart - parts.QueryStart - 1;
        if (query >= 8)
        {
            yield return url.Substring(parts.QueryStart + 1, query);
        }
    }

    private static string RedactQuery(string query) =>
        string.Join('&', query.Split('&').Select(pair =>
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            return equals >= 0 ? pair[..(equals + 1)] + (equals + 1 < pair.Length ? Mask : string.Empty)
                : pair.Length == 0 ? pair : Mask;
        }));

    /// <summary>
    /// Positions in the raw text: the authority starts after <c>scheme://</c>; user information ends at the
    /// last '@' before the path (the host part starts with that '@'); the query runs from '?' to '#'. Without "://" there is no authority.
    /// </summary>
    private static (int AuthorityStart, int UserInfoLength, int HostStart, int QueryStart, int FragmentStart) Split(string url)
    {
        var fragment = url.IndexOf('#', StringComparison.Ordinal);
        if (fragment < 0)
        {
            fragment = url.Length;
        }

        var query = url.IndexOf('?', StringComparison.Ordinal);
        if (query < 0 || query > fragment)
        {
            query = fragment;
        }

        var scheme = url.IndexOf("://", StringComparison.Ordinal);
        if (scheme < 0 || scheme > query)
        {
            return (0, 0, 0, query, fragment);
        }

        var authority = scheme + 3;
        var authorityEnd = url.IndexOfAny(['/', '\\'], authority);
        if (authorityEnd < 0 || authorityEnd > query)
        {
            authorityEnd = query;
        }

        var at = url.LastIndexOf('@', authorityEnd - 1, authorityEnd - authority);
        return at < 0 ? (authority, 0, authority, query, fragment) : (authority, at - authority, at, query, fragment);
    }
}
