using Operator.Testing.KubeApi.Kinds;

namespace Operator.Testing.KubeApi.Resources;

/// <summary>The built-in kinds an operator and kubectl touch (core v1, apps, coordination, events, apiextensions).</summary>
internal static class BuiltinResources
{
    public static readonly HashSet<(string Group, string Version)> GroupVersions =
    [
        ("", "v1"), ("apps", "v1"), ("coordination.k8s.io", "v1"), ("events.k8s.io", "v1"), ("apiextensions.k8s.io", "v1"),
        ("authentication.k8s.io", "v1"), ("authorization.k8s.io", "v1"), ("rbac.authorization.k8s.io", "v1"),
        ("admissionregistration.k8s.io", "v1"),
    ];

    public static readonly ResourceType Namespaces =
        new("", "v1", "namespaces", "namespace", "Namespace", false, NamespaceStrategy.Instance) { HasStatus = true, ShortNames = ["ns"] };

    public static readonly ResourceType Secrets = new("", "v1", "secrets", "secret", "Secret", true, SecretStrategy.Instance);

    public static readonly ResourceType ServiceAccounts =
        new("", "v1", "serviceaccounts", "serviceaccount", "ServiceAccount", true, PlainStrategy.Instance) { ShortNames = ["sa"] };

    public static readonly ResourceType Events = new("", "v1", "events", "event", "Event", true, CoreEventStrategy.Instance) { ShortNames = ["ev"] };

    public static readonly ResourceType ConfigMaps =
        new("", "v1", "configmaps", "configmap", "ConfigMap", true, PlainStrategy.Instance) { ShortNames = ["cm"] };

    public static readonly ResourceType Pods = new("", "v1", "pods", "pod", "Pod", true, PlainStrategy.Instance) { HasStatus = true, ShortNames = ["po"] };

    public static readonly ResourceType Deployments =
        new("apps", "v1", "deployments", "deployment", "Deployment", true, DeploymentStrategy.Instance) { HasStatus = true, ShortNames = ["deploy"] };

    public static readonly ResourceType Leases = new("coordination.k8s.io", "v1", "leases", "lease", "Lease", true, LeaseStrategy.Instance);

    public static readonly ResourceType EventsV1 = new("events.k8s.io", "v1", "events", "event", "Event", true, EventsV1Strategy.Instance) { ShortNames = ["ev"] };

    public static readonly ResourceType CustomResourceDefinitions =
        new("apiextensions.k8s.io", "v1", "customresourcedefinitions", "customresourcedefinition", "CustomResourceDefinition", false,
            CustomResourceDefinitionStrategy.Instance)
        { HasStatus = true, ShortNames = ["crd", "crds"] };

    public static readonly ResourceType StatefulSets =
        new("apps", "v1", "statefulsets", "statefulset", "StatefulSet", true, DeploymentStrategy.Instance) { HasStatus = true, ShortNames = ["sts"] };

    public static readonly ResourceType DaemonSets =
        new("apps", "v1", "daemonsets", "daemonset", "DaemonSet", true, GenerationStrategy.Instance) { HasStatus = true, ShortNames = ["ds"] };

    public static readonly ResourceType Roles = new("rbac.authorization.k8s.io", "v1", "roles", "role", "Role", true, RbacStrategy.Instance);

    public static readonly ResourceType ClusterRoles =
        new("rbac.authorization.k8s.io", "v1", "clusterroles", "clusterrole", "ClusterRole", false, RbacStrategy.Instance);

    public static readonly ResourceType RoleBindings =
        new("rbac.authorization.k8s.io", "v1", "rolebindings", "rolebinding", "RoleBinding", true, RbacStrategy.Instance);

    public static readonly ResourceType ClusterRoleBindings =
        new("rbac.authorization.k8s.io", "v1", "clusterrolebindings", "clusterrolebinding", "ClusterRoleBinding", false, RbacStrategy.Instance);

    public static readonly ResourceType ValidatingAdmissionPolicies =
        new("admissionregistration.k8s.io", "v1", "validatingadmissionpolicies", "validatingadmissionpolicy", "ValidatingAdmissionPolicy", false,
            GenerationStrategy.Instance)
        { HasStatus = true, ShortNames = ["vap"] };

    public static readonly ResourceType ValidatingAdmissionPolicyBindings =
        new("admissionregistration.k8s.io", "v1", "validatingadmissionpolicybindings", "validatingadmissionpolicybinding",
            "ValidatingAdmissionPolicyBinding", false, GenerationStrategy.Instance)
        { ShortNames = ["vapb"] };

    /// <summary>Create-only review resources (Auth/ReviewEndpoints serves them; the generic routes answer 405).</summary>
    public static readonly ResourceType TokenReviews =
        new("authentication.k8s.io", "v1", "tokenreviews", "tokenreview", "TokenReview", false, PlainStrategy.Instance) { CreateOnly = true };

    public static readonly ResourceType SubjectAccessReviews =
        new("authorization.k8s.io", "v1", "subjectaccessreviews", "subjectaccessreview", "SubjectAccessReview", false, PlainStrategy.Instance)
        { CreateOnly = true };

    public static readonly ResourceType SelfSubjectAccessReviews =
        new("authorization.k8s.io", "v1", "selfsubjectaccessreviews", "selfsubjectaccessreview", "SelfSubjectAccessReview", false,
            PlainStrategy.Instance)
        { CreateOnly = true };

    public static IEnumerable<ResourceType> All() =>
    [
        Namespaces, Secrets, ServiceAccounts, Events, ConfigMaps, Pods, Deployments, StatefulSets, DaemonSets, Leases, EventsV1,
        CustomResourceDefinitions, Roles, ClusterRoles, RoleBindings, ClusterRoleBindings, ValidatingAdmissionPolicies,
        ValidatingAdmissionPolicyBindings, TokenReviews, SubjectAccessReviews, SelfSubjectAccessReviews,
    ];
}
