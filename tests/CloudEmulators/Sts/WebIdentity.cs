namespace Operator.Testing.Clouds.Sts;

/// <summary>What a verified web identity token proved: who (<c>sub</c>), for whom (<c>aud</c>), from which provider.</summary>
internal sealed record WebIdentity(string Subject, string Audience, Uri Issuer, string ProviderArn);
