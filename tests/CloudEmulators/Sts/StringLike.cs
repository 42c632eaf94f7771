using System.Text.RegularExpressions;

namespace Operator.Testing.Clouds.Sts;

/// <summary>IAM's <c>StringLike</c> condition operator: case-sensitive, <c>*</c> any run, <c>?</c> one character.</summary>
internal static class StringLike
{
    public static bool Matches(string pattern, string value)
    {
        var regex = "^" + Regex.Escape(pattern).Replace(@"\*", ".*", StringComparison.Ordinal)
            .Replace(@"\?", ".", StringComparison.Ordinal) + "$";
        return Regex.IsMatch(value, regex, RegexOptions.Singleline | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }
}
