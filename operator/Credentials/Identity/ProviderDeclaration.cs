namespace Operator.Credentials.Identity;

/// <param name="Name">As in <c>spec.provider</c> (and the metrics' <c>provider</c> label); <c>kubernetes</c> when the spec names none.</param>
/// <param name="Offers">What its identity can be turned into.</param>
/// <param name="Built">Whether this build has its <see cref="IIdentityProvider"/>; a test checks this against the registrations.</param>
internal sealed record ProviderDeclaration(string Name, IdentityCapabilities Offers, bool Built);
