using Operator.Testing.KubeApi;

namespace Operator.Testing.Tests.KubeApi;

/// <summary>Emulators with non-default knobs, for the few tests that need their own.</summary>
internal static class KubeApiEmulatorFactory
{
    public static Task<KubeApiEmulator> StartSmallHistoryAsync(int window) =>
        KubeApiEmulator.StartAsync(new KubeApiEmulatorOptions { WatchHistoryWindow = window }, TestContext.Current.CancellationToken);
}
