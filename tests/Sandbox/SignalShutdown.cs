using System.Runtime.InteropServices;

namespace Sandbox;

/// <summary>
/// SIGINT and SIGTERM stop a command gracefully, whether or not it runs on a terminal: <c>Console.CancelKeyPress</c> alone
/// sees only SIGINT, so a sandbox started from a script ignored <c>kill</c>. The first signal cancels the command's token;
/// if the command has not exited <see cref="GracePeriod"/> later, or a second signal comes, the process kills itself
/// (exit status 137), so a stop never takes more than a few seconds and nothing keeps running.
/// </summary>
internal sealed class SignalShutdown : IDisposable
{
    public static readonly TimeSpan GracePeriod = TimeSpan.FromSeconds(4);

    private const int SigInt = 2;
    private static readonly nint SigDefault = 0;

    private readonly CancellationTokenSource _stop;
    private readonly string _command;
    private readonly PosixSignalRegistration[] _registrations;
    private Timer? _deadline;
    private int _signals;

    private SignalShutdown(CancellationTokenSource stop, string command)
    {
        (_stop, _command) = (stop, command);
        _registrations = [PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal), PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal)];
    }

    /// <summary>
    /// A background job of a non-interactive shell (`sandbox &amp;` in a script) starts with SIGINT ignored, and the runtime
    /// keeps an inherited SIG_IGN: a PosixSignalRegistration never sees that SIGINT. Call first thing in Main, before any
    /// host registers its own handlers (the runtime sets its native handler up once, on the first registration), so that
    /// <see cref="Register"/> takes SIGINT. No .NET API resets a signal's disposition, hence libc's signal().
    /// </summary>
    public static void RestoreDefaultInterrupt() => _ = Signal(SigInt, SigDefault);

    public static SignalShutdown Register(CancellationTokenSource stop, string command) => new(stop, command);

    private void OnSignal(PosixSignalContext context)
    {
        // Handled here: the runtime's default would end the process before the emulators and the operator stop.
        context.Cancel = true;
        if (Interlocked.Increment(ref _signals) > 1)
        {
            Console.Error.WriteLine($"{_command}: {context.Signal} again; exiting now");
            ExitNow();
        }

        Console.Error.WriteLine($"{_command}: {context.Signal}; stopping");
        _deadline = new Timer(_ =>
        {
            Console.Error.WriteLine($"{_command}: not stopped within {GracePeriod.TotalSeconds:0}s; exiting now");
            ExitNow();
        }, null, GracePeriod, Timeout.InfiniteTimeSpan);
        _stop.Cancel();
    }

    /// <summary>
    /// SIGKILL to itself: Environment.Exit runs the ProcessExit handlers, and the embedded hosts' ConsoleLifetime blocks
    /// there until their shutdown ends, which is what did not end in time.
    /// </summary>
    private static void ExitNow()
    {
        using var self = System.Diagnostics.Process.GetCurrentProcess();
        self.Kill();
    }

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }

        _deadline?.Dispose();
    }

    [DllImport("libc", EntryPoint = "signal")]
    private static extern nint Signal(int signal, nint handler);
}
