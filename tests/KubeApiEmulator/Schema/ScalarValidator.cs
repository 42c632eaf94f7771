using System.Text.Json;
using System.Text.Json.Nodes;

namespace Operator.Testing.KubeApi.Schema;

/// <summary>
/// kube-openapi's string, format and number validators. The string validator stops at its first
/// failure (maxLength, minLength, pattern); lengths count runes, as Go's utf8.RuneCountInString.
/// </summary>
internal static class ScalarValidator
{
    public static void Validate(JsonValue value, SchemaNode schema, string path, List<FieldCause> causes)
    {
        switch (value.GetValueKind())
        {
            case JsonValueKind.String:
                ValidateString(value.GetValue<string>(), schema, path, causes);
                break;
            case JsonValueKind.Number:
                ValidateNumber(value, schema, path, causes);
                break;
        }
    }

    private static void ValidateString(string text, SchemaNode schema, string path, List<FieldCause> causes)
    {
        var runes = text.EnumerateRunes().Count();
        var quoted = GoText.Quote(text);
        var @in = SchemaValidator.In(path);
        if (schema.MaxLength is { } max && runes > max)
        {
            causes.Add(FieldErrors.TooLong(path, max));
        }
        else if (schema.MinLength is { } min && runes < min)
        {
            causes.Add(FieldErrors.Invalid(path, quoted, $"{@in} should be at least {min} chars long"));
        }
        else if (schema.Pattern is { } pattern && !GoRegex.IsMatch(pattern, text))
        {
            causes.Add(FieldErrors.Invalid(path, quoted, $"{@in} should match '{pattern}'"));
        }
        if (schema.Format is { } format && !StringFormats.IsValid(format, text))
        {
            causes.Add(FieldErrors.TypeInvalid(path, quoted, $"{@in} must be of type {format}: {quoted}"));
        }
    }

    /// <summary>
    /// Integral data (decoded as int64) is checked against bounds truncated to int64 and printed as
    /// integers, as kube-openapi's *NativeType helpers do; other data as float64 (`1e+06`).
    /// </summary>
    private static void ValidateNumber(JsonValue value, SchemaNode schema, string path, List<FieldCause> causes)
    {
        var isInt = JsonNumber.TryGetInt64(value, out var l);
        var d = isInt ? l : JsonNumber.ToDouble(value);
        var shown = GoText.Number(value);
        var @in = SchemaValidator.In(path);
        string Bound(double b) => isInt && Math.Abs(b) < 9.2e18 ? ((long)b).ToString(System.Globalization.CultureInfo.InvariantCulture) : GoText.Float(b);
        double Limit(double b) => isInt && Math.Abs(b) < 9.2e18 ? Math.Truncate(b) : b;
        if (schema.MultipleOf is { } factor && Limit(factor) != 0 && !IsMultiple(d, Limit(factor)))
        {
            causes.Add(FieldErrors.Invalid(path, shown, $"{@in} should be a multiple of {Bound(factor)}"));
        }
        if (schema.Minimum is { } min && (schema.ExclusiveMinimum ? d <= Limit(min) : d < Limit(min)))
        {
            var relation = schema.ExclusiveMinimum ? "greater than" : "greater than or equal to";
            causes.Add(FieldErrors.Invalid(path, shown, $"{@in} should be {relation} {Bound(min)}"));
        }
        if (schema.Maximum is { } max && (schema.ExclusiveMaximum ? d >= Limit(max) : d > Limit(max)))
        {
            var relation = schema.ExclusiveMaximum ? "less than" : "less than or equal to";
            causes.Add(FieldErrors.Invalid(path, shown, $"{@in} should be {relation} {Bound(max)}"));
        }
    }

    /// <summary>go-openapi's IsFloat64AJSONInteger on value/factor: exact, or within a relative 1e-9.</summary>
    private static bool IsMultiple(double value, double factor)
    {
        var quotient = value / factor;
        var whole = Math.Truncate(quotient);
        if (quotient == whole)
        {
            return true;
        }
        var diff = Math.Abs(quotient - whole);
        return whole == 0 ? diff < 1e-9 * double.Epsilon : diff / (Math.Abs(quotient) + Math.Abs(whole)) < 1e-9;
    }
}
