namespace Operator.Testing.KubeApi.Auth;

/// <summary>
/// The authenticated user of the request being served, for admission (`request.userInfo`, the `authorizer` variable);
/// in-process writes (seeding, garbage collection) have none and are treated as <see cref="UserInfo.Admin"/>.
/// </summary>
internal static class RequestUser
{
    private static readonly AsyncLocal<UserInfo?> s_current = new();

    public static UserInfo Current => s_current.Value ?? UserInfo.Admin;

    public static IDisposable Set(UserInfo user)
    {
        var previous = s_current.Value;
        s_current.Value = user;
        return new Restore(previous);
    }

    private sealed class Restore(UserInfo? previous) : IDisposable
    {
        public void Dispose() => s_current.Value = previous;
    }
}
