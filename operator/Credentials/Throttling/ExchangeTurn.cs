namespace Operator.Credentials.Throttling;

/// <summary>
/// Where an exchange stands in line for a token: its <paramref name="Class"/>, then its
/// <paramref name="Deadline"/> (earliest first: the last good credential's expiry, or when the need arose), and
/// the <paramref name="Namespace"/> whose share of the capacity it uses.
/// </summary>
internal readonly record struct ExchangeTurn(ExchangeClass Class, DateTimeOffset Deadline, string Namespace);
