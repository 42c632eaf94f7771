namespace Operator.Testing.Harness;

/// <summary>
/// Awaits a condition observed through the API, with a deadline: the operator works asynchronously, so tests
/// poll what a user would see (kubectl get) instead of sleeping a fixed time.
/// </summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(20);

    /// <param name="describe">What the last observation was, for the timeout message; it must not show secret data.</param>
    public static async Task<T> MatchAsync<T>(Func<Task<T>> read, Func<T, bool> condition, string what, TimeSpan? timeout = null,
        Func<T?, string>? describe = null)
    {
        var deadline = DateTimeOffset.UtcNow + (timeout ?? DefaultTimeout);
        var last = default(T);
        while (DateTimeOffset.UtcNow < deadline)
        {
            last = await read();
            if (condition(last))
            {
                return last;
            }

            // Polling interval, not a settling delay: the loop ends as soon as the condition holds.
            await Task.Delay(TimeSpan.FromMilliseconds(50));
        }

        var observed = describe is null ? "" : $" Last observed: {describe(last)}";
        throw new TimeoutException($"Timed out after {(timeout ?? DefaultTimeout).TotalSeconds:0.#} s waiting for {what}.{observed}");
    }
}
