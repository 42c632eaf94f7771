using System.Text.RegularExpressions;
using Operator.Api.V1Alpha1;

namespace Operator.Credentials.Validation;

/// <summary>The schema's constraints on one value (required, lengths, pattern, enum, https URL), collected as violations.</summary>
internal sealed class SpecChecks
{
    private readonly List<SpecViolation> _violations = [];

    public IReadOnlyList<SpecViolation> Violations => _violations;

    public void Add(string field, string message) => _violations.Add(new SpecViolation(field, message));

    /// <summary>A required string: absent or empty is "required", else as <see cref="Text"/>.</summary>
    public void Required(string field, string? value, int minLength, int maxLength, Regex? pattern = null, string? shape = null)
    {
        if (string.IsNullOrEmpty(value))
        {
            Add(field, $"{field} is required");
            return;
        }

        Text(field, value, minLength, maxLength, pattern, shape);
    }

    /// <summary>An optional string: checked only when present (an empty string is present, as in the API server).</summary>
    public void Text(string field, string? value, int minLength, int maxLength, Regex? pattern = null, string? shape = null)
    {
        if (value is null)
        {
            return;
        }

        var length = value.EnumerateRunes().Count();
        if (length < minLength)
        {
            Add(field, minLength == 1 ? $"{field} must not be empty" : $"{field} must be at least {minLength} characters");
        }
        else if (length > maxLength)
        {
            Add(field, $"{field} must be at most {maxLength} characters");
        }
        else if (pattern is not null && !pattern.IsMatch(value))
        {
            Add(field, $"{field} '{value}' is not {shape ?? $"of the form {pattern}"}");
        }
    }

    /// <summary>An https URL (the CRD's <c>^https://</c>; the code also needs it absolute).</summary>
    public void Https(string field, string? value, bool required = false)
    {
        if (string.IsNullOrEmpty(value))
        {
            if (required || value is not null)
            {
                Add(field, $"{field} is required: an https URL");
            }

            return;
        }

        if (value.EnumerateRunes().Count() > 2048)
        {
            Add(field, $"{field} must be at most 2048 characters");
        }
        else if (!value.StartsWith("https://", StringComparison.Ordinal)
            || !Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)
        {
            Add(field, $"{field} '{value}' is not an absolute https URL");
        }
    }

    /// <summary>An enum read by <see cref="LenientEnumConverter{T}"/>: a name this build does not know is refused here.</summary>
    public void Known<T>(string field, T? value)
        where T : struct, System.Enum
    {
        if (value is { } known)
        {
            Known(field, known);
        }
    }

    /// <inheritdoc cref="Known{T}(string, T?)"/>
    public void Known<T>(string field, T value)
        where T : struct, System.Enum
    {
        if (LenientEnumConverter<T>.IsUnrecognized(value))
        {
            Add(field, $"{field} is not one of {string.Join(", ", LenientEnumConverter<T>.Names)}; a newer CRD may admit its value, but this operator cannot act on it");
        }
    }

    public void Enum(string field, string? value, IReadOnlyCollection<string> allowed)
    {
        if (value is not null && !allowed.Contains(value, StringComparer.Ordinal))
        {
            Add(field, $"{field} '{value}' is not one of {string.Join(", ", allowed)}");
        }
    }

    /// <summary>A string map (<c>additionalProperties</c> of strings): at most <paramref name="maxProperties"/> entries, each value bounded.</summary>
    public void Map(string field, IReadOnlyDictionary<string, string>? map, int? maxProperties, int? maxValueLength)
    {
        if (map is null)
        {
            return;
        }

        if (maxProperties is { } max && map.Count > max)
        {
            Add(field, $"{field} has {map.Count} entries; at most {max} are allowed");
            return;
        }

        if (maxValueLength is { } maxLength)
        {
            foreach (var (key, value) in map)
            {
                Text($"{field}.{key}", value, 0, maxLength);
            }
        }
    }

    /// <summary>A list: at most <paramref name="maxItems"/> items, and no two with the same key (<c>x-kubernetes-list-type</c> map or set).</summary>
    public void List<T>(string field, IReadOnlyList<T>? items, int maxItems, Func<T, object> key, Action<string, T> each)
    {
        if (items is null)
        {
            return;
        }

        if (items.Count > maxItems)
        {
            Add(field, $"{field} has {items.Count} items; at most {maxItems} are allowed");
            return;
        }

        var seen = new HashSet<object>();
        for (var i = 0; i < items.Count; i++)
        {
            var path = $"{field}[{i}]";
            if (!seen.Add(key(items[i])))
            {
                Add(path, $"{path} repeats an earlier item; each must be unique");
            }

            each(path, items[i]);
        }
    }
}
