using System.Globalization;

namespace Toe.Reports;

public static class Timestamps
{
    /// <summary>Local time with offset, whole seconds: <c>2021-08-26T17:20:31-07:00</c>.</summary>
    public static string Format(DateTimeOffset time) =>
        time.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    /// <summary>The run folder's time part, in UTC: <c>2021-07-01_12-34-56</c>.</summary>
    public static string FolderStamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd_HH-mm-ss", CultureInfo.InvariantCulture);
}
