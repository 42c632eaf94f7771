namespace Operator.Testing.Tests.KubeApi;

/// <summary>Awaits a condition that an asynchronous controller (GC, namespace cleanup) makes true, with a deadline.</summary>
internal static class Eventually
{
    public static async Task<bool> TrueAsync(Func<Task<bool>> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(5));
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return true;
            }
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }
        return await condition();
    }
}
