using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace Operator.IntegrationTests.Credentials;

/// <summary>
/// Counts the runtime's <c>controller_runtime_reconcile_total</c> per operator host: every operator started in this process
/// (other test classes run theirs in parallel) has its own meter factory, the scope of its meters. Start it before the
/// operator, so its first reconciles are counted too.
/// </summary>
internal sealed class ReconcileCounter : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<object, long> _byScope = new();

    public ReconcileCounter()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "controller_runtime" && instrument.Name == "reconcile_total" && instrument.Meter.Scope is not null)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
            _byScope.AddOrUpdate(instrument.Meter.Scope!, value, (_, count) => count + value));
        _listener.Start();
    }

    /// <summary>The count of reconciles completed by the operator whose services these are (readable after it stopped).</summary>
    public Func<long> Of(IServiceProvider operatorServices)
    {
        var scope = operatorServices.GetRequiredService<IMeterFactory>();
        return () => _byScope.GetValueOrDefault(scope);
    }

    public void Dispose() => _listener.Dispose();
}
