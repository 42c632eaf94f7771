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

    private static void ValidateNumber(JsonValue value, SchemaNode schema, string path, List<FieldCause> causes)
    {
        var d = value.GetValue<double>();
        var shown = GoText.Number(value);
        var @in = SchemaValidator.In(path);
        if (schema.MultipleOf is { } factor && factor != 0 && !IsMultiple(d, factor))
        {
            causes.Add(FieldErrors.Invalid(path, shown, $"{@in} should be a multiple of {GoText.Float(factor)}"));
        }
        if (schema.Minimum is { } min && (schema.ExclusiveMinimum ? d <= min : d < min))
        {
            var relation = schema.ExclusiveMinimum ? "greater than" : "greater than or equal to";
            causes.Add(FieldErrors.Invalid(path, shown, $"{@in} should be {relation} {GoText.Float(min)}"));
        }
        if (schema.Maximum is { } max && (schema.ExclusiveMaximum ? d >= max : d > max))
        {
            var relation = schema.ExclusiveMaximum ? "less than" : "less than or equal to";
            causes.Add(FieldErrors.Invalid(path, shown, $"{@in} should be {relation} {GoText.Float(max)}"));
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
