using Operator.Testing.Harness;

namespace Sandbox;

/// <summary>
/// What the sandbox prints at start for a newcomer's own objects: shell lines to paste (kubectl with the written
/// kubeconfig) that create a ServiceAccount and a DelegatedCredential and wait for it, and the annotations the sandbox's
/// GCP and Azure emulators trust (<see cref="AnnotatedServiceAccountTrust"/>).
/// </summary>
internal static class OwnObjectsExample
{
    public const string Begin = "--- your own objects: paste these lines into a shell ---";
    public const string End = "--- end ---";

    public static string Render(string kubeconfig, string account) => $$$"""
        {{{Begin}}}
        export KUBECONFIG='{{{kubeconfig}}}'
        kubectl create namespace demo
        kubectl -n demo create serviceaccount app
        kubectl -n demo annotate serviceaccount app eks.amazonaws.com/role-arn=arn:aws:iam::{{{account}}}:role/app credentials.delegated.dev/allowed-credentials=app
        printf '%s\n' 'apiVersion: credentials.delegated.dev/v1alpha1' 'kind: DelegatedCredential' 'metadata: {name: app, namespace: demo}' 'spec: {serviceAccountName: app, provider: {aws: {}}, target: {awsCredentials: {}} }' | kubectl apply -f -
        kubectl -n demo wait --for=condition=Ready delegatedcredential/app --timeout=60s
        kubectl -n demo get delegatedcredential app
        {{{End}}}
        Any ServiceAccount annotated with eks.amazonaws.com/role-arn is trusted by that role here, as after `eksctl create
        iamserviceaccount`; a missing credentials.delegated.dev/allowed-credentials is added for you (with a line saying so).
        GCP: annotate iam.gke.io/gcp-service-account=NAME@PROJECT.iam.gserviceaccount.com and set
          spec.provider.gcp.workloadIdentityProvider: {{{OperatorTestbed.GcpWorkloadIdentityProvider}}}
        Azure: annotate azure.workload.identity/client-id=<any UUID> and azure.workload.identity/tenant-id={{{OperatorTestbed.AzureTenant}}},
          and set spec.provider.azure: {}
        """;
}
