using System.Runtime.InteropServices;

namespace Sandbox;

/// <summary>
/// SIGINT and SIGTERM stop a command gracefully, whether or not it runs on a terminal: <c>Console.CancelKeyPress</c> alone
/// sees only SIGINT, so a sandbox started from a script ignored <c>kill</c>. The first signal cancels the command's token;
/// if the command has not exited <see cref="GracePeriod"/> later, or a second signal comes, the process exits at once,
/// so a stop never takes more than a few seconds and nothing keeps running.
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
        // A background job of a non-interactive shell (`sandbox &` in a script) starts with SIGINT ignored, and the runtime
        // keeps an inherited SIG_IGN: PosixSignalRegistration alone never sees that SIGINT. Back to the default first, so
        // the registration below takes it (no .NET API does this).
        _ = Signal(SigInt, SigDefault);
        _registrations = [PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal), PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal)];
    }

    public static SignalShutdown Register(CancellationTokenSource stop, string command) => new(stop, command);

    private void OnSignal(PosixSignalContext context)
    {
        // Handled here: the runtime's default would end the process before the emulators and the operator stop.
        context.Cancel = true;
        if (Interlocked.Increment(ref _signals) > 1)
        {
            Console.Error.WriteLine($"{_command}: {context.Signal} again; exiting now");
            Environment.Exit(1);
        }

        Console.Error.WriteLine($"{_command}: {context.Signal}; stopping");
        _deadline = new Timer(_ =>
        {
            Console.Error.WriteLine($"{_command}: not stopped within {GracePeriod.TotalSeconds:0}s; exiting now");
            Environment.Exit(1);
        }, null, GracePeriod, Timeout.InfiniteTimeSpan);
        _stop.Cancel();
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
