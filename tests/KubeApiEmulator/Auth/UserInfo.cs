using System.Text.Json.Nodes;

namespace Operator.Testing.KubeApi.Auth;

/// <summary>Who a request is from, as kube-apiserver's authenticators report it (k8s.io/apiserver/pkg/authentication/user).</summary>
public sealed record UserInfo(string Name, string Uid, IReadOnlyList<string> Groups)
{
    public const string Masters = "system:masters";
    public const string Authenticated = "system:authenticated";

    /// <summary>The emulator's static token: a member of system:masters, which RBAC never refuses.</summary>
    public static UserInfo Admin { get; } = new("kubernetes-admin", "", [Masters, Authenticated]);

    public static string ServiceAccountName(string ns, string name) => $"system:serviceaccount:{ns}:{name}";

    /// <summary>A ServiceAccount's user: its name and the groups pkg/serviceaccount/util.go gives it.</summary>
    public static UserInfo ServiceAccount(string ns, string name, string uid) =>
        new(ServiceAccountName(ns, name), uid, ["system:serviceaccounts", $"system:serviceaccounts:{ns}", Authenticated]);

    public bool IsMaster => Groups.Contains(Masters);

    /// <summary>`{username, uid, groups}` as TokenReview status.user and admission's request.userInfo carry it.</summary>
    public JsonObject ToJson()
    {
        var json = new JsonObject { ["username"] = Name };
        if (Uid.Length > 0)
        {
            json["uid"] = Uid;
        }
        json["groups"] = new JsonArray([.. Groups.Select(g => (JsonNode)g)]);
        return json;
    }
}
