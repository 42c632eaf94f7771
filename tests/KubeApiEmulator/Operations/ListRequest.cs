using Microsoft.AspNetCore.Http;
using Operator.Testing.KubeApi.Errors;
using Operator.Testing.KubeApi.Resources;
using Operator.Testing.KubeApi.Schema;
using Operator.Testing.KubeApi.Selectors;

namespace Operator.Testing.KubeApi.Operations;

/// <summary>The ListOptions of a list or watch, validated as LOV validation.go does (R5, W6, L1–L3).</summary>
internal sealed record ListRequest(
    LabelSelector Labels,
    FieldSelector Fields,
    string? ResourceVersion,
    string? ResourceVersionMatch,
    int Limit,
    string? Continue,
    bool AllowBookmarks,
    bool? SendInitialEvents,
    int? TimeoutSeconds)
{
    public bool HasSelectors => !Labels.IsEmpty || !Fields.IsEmpty;

    public static ListRequest From(IQueryCollection query, ResourceType type, bool watch)
    {
        var rv = NullIfEmpty(query["resourceVersion"]);
        var match = NullIfEmpty(query["resourceVersionMatch"]);
        var cont = NullIfEmpty(query["continue"]);
        bool? sendInitial = QueryBool.Parse(query["sendInitialEvents"], "sendInitialEvents");
        var causes = new List<FieldCause>();
        if (match is not null && rv is null && !(watch && sendInitial is not null))
        {
            causes.Add(new("FieldValueForbidden", "Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided", "resourceVersionMatch"));
        }
        if (match is not null && cont is not null)
        {
            causes.Add(new("FieldValueForbidden", "Forbidden: resourceVersionMatch is forbidden when continue is provided", "resourceVersionMatch"));
        }
        if (match is not null and not ("NotOlderThan" or "Exact"))
        {
            causes.Add(new("FieldValueNotSupported", $"Unsupported value: \"{match}\": supported values: \"Exact\", \"NotOlderThan\", \"\"", "resourceVersionMatch"));
        }
        if (match == "Exact" && rv == "0")
        {
            causes.Add(new("FieldValueForbidden", "Forbidden: resourceVersionMatch \"exact\" is forbidden for resourceVersion \"0\"", "resourceVersionMatch"));
        }
        if (sendInitial is not null && !watch)
        {
            causes.Add(new("FieldValueForbidden", "Forbidden: sendInitialEvents is forbidden for list", "sendInitialEvents"));
        }
        if (sendInitial is not null && watch && match != "NotOlderThan")
        {
            causes.Add(new("FieldValueForbidden", "Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan", "sendInitialEvents"));
        }
        if (causes.Count > 0)
        {
            throw StatusErrors.Invalid("ListOptions.meta.k8s.io", "meta.k8s.io", "ListOptions", "", causes);
        }
        return new ListRequest(
            LabelSelector.Parse(query["labelSelector"]),
            FieldSelector.Parse(query["fieldSelector"], type),
            rv,
            match,
            int.TryParse(query["limit"], out var limit) && limit > 0 ? limit : 0,
            cont,
            query["allowWatchBookmarks"] == "true",
            sendInitial,
            int.TryParse(query["timeoutSeconds"], out var timeout) ? timeout : null);
    }

    public bool Matches(System.Text.Json.Nodes.JsonObject obj) => Labels.Matches(obj) && Fields.Matches(obj);

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
