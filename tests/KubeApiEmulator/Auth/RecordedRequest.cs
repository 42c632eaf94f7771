namespace Operator.Testing.KubeApi.Auth;

/// <summary>One authenticated request: who, what (<see cref="RequestAttributes"/>) and whether RBAC allowed it.</summary>
public sealed record RecordedRequest(DateTimeOffset Time, string User, RequestAttributes Attributes, bool Allowed);

/// <summary>Every authenticated request the emulator authorized, in arrival order (for "what did the operator call" tests).</summary>
public sealed class RequestLog
{
    private readonly Lock _gate = new();
    private readonly List<RecordedRequest> _requests = [];

    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>The requests of one user, e.g. <c>system:serviceaccount:ns:operator</c>.</summary>
    public IReadOnlyList<RecordedRequest> By(string user) => [.. Requests.Where(r => r.User == user)];

    public void Clear()
    {
        lock (_gate)
        {
            _requests.Clear();
        }
    }

    internal void Add(RecordedRequest request)
    {
        lock (_gate)
        {
            _requests.Add(request);
        }
    }
}
