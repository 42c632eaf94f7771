using Operator.Api.V1Alpha1;

namespace Operator.Credentials.Targets.SingleStore;

/// <summary>The exchange URL for a JWT kind (docs/protocols.md §2.1), under the server's base path.</summary>
internal static class SingleStoreEndpoint
{
    public static Attempt<Uri> For(Uri serverUrl, SingleStoreTargetSpec spec)
    {
        var root = new Uri(serverUrl.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/");
        if ((spec.Kind ?? SingleStoreJwtKind.Database) == SingleStoreJwtKind.Api)
        {
            return new Uri(root, "auth/iam/api");
        }

        // The service requires the workspace group for a database JWT; the Go and Java clients refuse to send without it.
        return string.IsNullOrEmpty(spec.WorkspaceGroupId)
            ? ExchangeFailure.InvalidSpec("spec.target.singlestore.workspaceGroupId is required when kind is database.")
            : new Uri(root, $"auth/iam/database?workspaceGroupID={Uri.EscapeDataString(spec.WorkspaceGroupId)}");
    }
}
