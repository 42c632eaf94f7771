using System.Globalization;
using System.Text;

namespace Operator.Credentials.Targets;

/// <summary>How targets write values into Secret data: UTF-8 text, times as RFC 3339 UTC to the second.</summary>
internal static class SecretData
{
    public static byte[] Text(string value) => Encoding.UTF8.GetBytes(value);

    public static byte[] Time(DateTimeOffset value) =>
        Text(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
}
