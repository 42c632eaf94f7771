namespace Operator.Testing.Support;

/// <summary>
/// Awaits a condition with a deadline, for work that happens on other threads or over the network: tests poll what
/// they can observe instead of sleeping a fixed time. The one polling loop of the test projects.
/// </summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(20);

    private static readonly TimeSpan s_poll = TimeSpan.FromMilliseconds(5);

    public static Task TrueAsync(Func<bool> condition, string what, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        TrueAsync(() => Task.FromResult(condition()), () => what, timeout, cancellationToken);

    /// <param name="describe">The timeout message, built when the deadline passes (it may show the last state).</param>
    public static Task TrueAsync(Func<bool> condition, Func<string> describe, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        TrueAsync(() => Task.FromResult(condition()), describe, timeout, cancellationToken);

    public static Task TrueAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        TrueAsync(condition, () => what, timeout, cancellationToken);

    public static Task TrueAsync(Func<Task<bool>> condition, Func<string> describe, TimeSpan? timeout = null,
        CancellationToken cancellationToken = default) =>
        MatchAsync(condition, holds => holds, describe, timeout, describe: null, cancellationToken);

    /// <summary>Reads until the value matches, and returns that value.</summary>
    /// <param name="describe">What the last observation was, for the timeout message; it must not show secret data.</param>
    public static Task<T> MatchAsync<T>(Func<Task<T>> read, Func<T, bool> condition, string what, TimeSpan? timeout = null,
        Func<T?, string>? describe = null, CancellationToken cancellationToken = default) =>
        MatchAsync(read, condition, () => what, timeout, describe, cancellationToken);

    private static async Task<T> MatchAsync<T>(Func<Task<T>> read, Func<T, bool> condition, Func<string> what, TimeSpan? timeout,
        Func<T?, string>? describe, CancellationToken cancellationToken)
    {
        var limit = timeout ?? DefaultTimeout;
        var deadline = DateTimeOffset.UtcNow + limit;
        while (true)
        {
            var last = await read();
            if (condition(last))
            {
                return last;
            }

            if (DateTimeOffset.UtcNow > deadline)
            {
                var observed = describe is null ? "" : $" Last observed: {describe(last)}";
                throw new TimeoutException($"Timed out after {limit.TotalSeconds:0.#} s waiting for {what()}.{observed}");
            }

            // Polling interval, not a settling delay: the loop ends as soon as the condition holds.
            await Task.Delay(s_poll, cancellationToken);
        }
    }
}
