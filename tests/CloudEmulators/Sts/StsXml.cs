using System.Xml.Linq;

namespace Operator.Testing.Clouds.Sts;

/// <summary>Renders STS Query-API responses in AWS's XML shapes (docs/protocols.md §3.1, §3.2).</summary>
internal static class StsXml
{
    public static readonly XNamespace Ns = "https://sts.amazonaws.com/doc/2011-06-15/";

    public static StsReply Error(StsError error, string requestId) => new(error.StatusCode, Render(
        new XElement(Ns + "ErrorResponse",
            new XElement(Ns + "Error",
                new XElement(Ns + "Type", error.StatusCode >= 500 ? "Receiver" : "Sender"),
                new XElement(Ns + "Code", error.Code),
                new XElement(Ns + "Message", error.Message)),
            new XElement(Ns + "RequestId", requestId))));

    public static StsReply AssumeRoleWithWebIdentity(IssuedCredential issued, WebIdentity identity, string requestId) =>
        new(200, Render(new XElement(Ns + "AssumeRoleWithWebIdentityResponse",
            new XElement(Ns + "AssumeRoleWithWebIdentityResult",
                new XElement(Ns + "SubjectFromWebIdentityToken", identity.Subject),
                new XElement(Ns + "Audience", identity.Audience),
                new XElement(Ns + "AssumedRoleUser",
                    new XElement(Ns + "Arn", issued.AssumedRoleArn),
                    new XElement(Ns + "AssumedRoleId", issued.AssumedRoleId)),
                new XElement(Ns + "Credentials",
                    new XElement(Ns + "AccessKeyId", issued.AccessKeyId),
                    new XElement(Ns + "SecretAccessKey", issued.SecretAccessKey),
                    new XElement(Ns + "SessionToken", issued.SessionToken),
                    new XElement(Ns + "Expiration", Timestamp(issued.Expiration))),
                new XElement(Ns + "Provider", identity.ProviderArn)),
            Metadata(requestId))));

    public static StsReply GetCallerIdentity(CallerIdentity caller, string requestId) =>
        new(200, Render(new XElement(Ns + "GetCallerIdentityResponse",
            new XElement(Ns + "GetCallerIdentityResult",
                new XElement(Ns + "Arn", caller.Arn),
                new XElement(Ns + "UserId", caller.UserId),
                new XElement(Ns + "Account", caller.Account)),
            Metadata(requestId))));

    /// <summary>ISO-8601 UTC with whole seconds, as STS writes <c>Expiration</c>.</summary>
    public static string Timestamp(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    private static XElement Metadata(string requestId) =>
        new(Ns + "ResponseMetadata", new XElement(Ns + "RequestId", requestId));

    private static string Render(XElement root) => root.ToString(SaveOptions.DisableFormatting);
}
