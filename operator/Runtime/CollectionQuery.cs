namespace Operator.Runtime;

/// <summary>
/// The parameters of the one generated call a collection has for both LIST and WATCH
/// (<c>List…WithHttpMessagesAsync</c> with or without <c>watch=true</c>).
/// </summary>
internal sealed record CollectionQuery(
    string? LabelSelector,
    int? Limit = null,
    string? Continue = null,
    string? ResourceVersion = null,
    bool? Watch = null,
    bool? AllowWatchBookmarks = null,
    int? TimeoutSeconds = null);
