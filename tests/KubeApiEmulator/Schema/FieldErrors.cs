namespace Operator.Testing.KubeApi.Schema;

/// <summary>
/// apimachinery's field.Error constructors and ErrorBody wording, producing 422 causes. A value of
/// null means "omitted" (objects and arrays); "null" is the rendered JSON null.
/// </summary>
internal static class FieldErrors
{
    /// <summary>field.Path(nil).String() — the field of causes not tied to a path.</summary>
    public const string NilPath = "<nil>";

    public static FieldCause Required(string path, string detail = "") =>
        Cause("FieldValueRequired", "Required value", null, detail, path);

    public static FieldCause Forbidden(string path, string detail) =>
        Cause("FieldValueForbidden", "Forbidden", null, detail, path);

    public static FieldCause Invalid(string path, string? value, string detail) =>
        Cause("FieldValueInvalid", "Invalid value", value, detail, path);

    public static FieldCause TypeInvalid(string path, string? value, string detail) =>
        Cause("FieldValueTypeInvalid", "Invalid value", value, detail, path);

    public static FieldCause Duplicate(string path, string? value) =>
        Cause("FieldValueDuplicate", "Duplicate value", value, "", path);

    public static FieldCause NotSupported(string path, string? value, IEnumerable<string> supported)
    {
        var quoted = string.Join(", ", supported.Select(GoText.Quote));
        return Cause("FieldValueNotSupported", "Unsupported value", value, quoted.Length == 0 ? "" : "supported values: " + quoted, path);
    }

    /// <summary>Current servers word this `may not be more than N bytes` and never echo the value.</summary>
    public static FieldCause TooLong(string path, long max) =>
        Cause("FieldValueTooLong", "Too long", null, max >= 0 ? $"may not be more than {max} {(max == 1 ? "byte" : "bytes")}" : "value is too long", path);

    public static FieldCause TooMany(string path, long actual, long max) =>
        Cause("FieldValueTooMany", "Too many", actual >= 0 ? actual.ToString(System.Globalization.CultureInfo.InvariantCulture) : null,
            max >= 0 ? $"must have at most {max} {(max == 1 ? "item" : "items")}" : "has too many items", path);

    private static FieldCause Cause(string reason, string kind, string? value, string detail, string path)
    {
        var body = value is null ? kind : $"{kind}: {value}";
        if (detail.Length > 0)
        {
            body += ": " + detail;
        }
        return new FieldCause(reason, body, path.Length == 0 ? NilPath : path);
    }
}
