using System.Text.Json.Nodes;

namespace Operator.Credentials.Targets;

/// <summary>A 2xx answer of a token endpoint whose body parsed as JSON.</summary>
internal sealed record TokenEndpointReply(int StatusCode, JsonNode Body)
{
    /// <summary>Never shows the body: it holds the token.</summary>
    public override string ToString() => $"TokenEndpointReply {{ StatusCode = {StatusCode} }}";
}
