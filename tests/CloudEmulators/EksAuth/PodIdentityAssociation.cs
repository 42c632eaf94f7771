namespace Operator.Testing.Clouds.EksAuth;

/// <summary>
/// An EKS Pod Identity association: pods of <paramref name="ClusterName"/> running as <paramref name="Namespace"/>/<paramref name="ServiceAccount"/>
/// get <paramref name="RoleArn"/>. <see cref="AssociationArn"/> is shaped as EKS shapes it.
/// </summary>
internal sealed record PodIdentityAssociation(string ClusterName, string Namespace, string ServiceAccount, string RoleArn, string AssociationId, string Region, string Account)
{
    public string AssociationArn => $"arn:aws:eks:{Region}:{Account}:podidentityassociation/{ClusterName}/{AssociationId}";
}
