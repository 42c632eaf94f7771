using System.Text.Json.Nodes;

namespace Operator.Testing.KubeApi.Tokens;

/// <summary>Either the created TokenRequest (answered 201) or why it was refused.</summary>
internal sealed record TokenRequestResult(JsonObject? Created, TokenRequestRejection? Rejection)
{
    public static implicit operator TokenRequestResult(TokenRequestRejection rejection) => new(null, rejection);
}
