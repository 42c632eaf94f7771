namespace Operator.Credentials.Targets.Http;

/// <summary>The request-body field names of the four iam login fields.</summary>
internal sealed record VaultIamLoginFieldNames(string RequestMethod, string RequestUrl, string RequestBody, string RequestHeaders);
