namespace Operator.Credentials.Secrets;

internal enum SecretOwnership
{
    Absent,
    Owned,
    Foreign,
}
