namespace Operator.Credentials.Identity.Azure;

/// <summary>The ServiceAccount annotations of the Azure workload identity webhook, which pods running as the SA get.</summary>
internal static class AzureWorkloadIdentityAnnotations
{
    public const string ClientId = "azure.workload.identity/client-id";
    public const string TenantId = "azure.workload.identity/tenant-id";
}
