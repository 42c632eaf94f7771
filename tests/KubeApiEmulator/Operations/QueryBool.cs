using Operator.Testing.KubeApi.Errors;

namespace Operator.Testing.KubeApi.Operations;

/// <summary>Boolean query parameters as Go's strconv.ParseBool reads them; anything else is a 400.</summary>
internal static class QueryBool
{
    public static bool? Parse(string? value, string name) => value switch
    {
        null or "" => null,
        "1" or "t" or "T" or "true" or "TRUE" or "True" => true,
        "0" or "f" or "F" or "false" or "FALSE" or "False" => false,
        _ => throw StatusErrors.BadRequest($"invalid value for {name}: strconv.ParseBool: parsing \"{value}\": invalid syntax"),
    };
}
