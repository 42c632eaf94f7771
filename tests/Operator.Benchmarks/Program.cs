using Operator.Benchmarks;
using Operator.Benchmarks.Fleet;

// Two modes: no argument runs the controller runtime's figures (RuntimeBenchmark), `fleet` runs the real operator in
// a process of its own against the emulators (FleetBenchmark). Each writes its own section of results.md.
return args switch
{
    [] => await RuntimeBenchmark.RunAsync(),
    ["fleet", .. var rest] => await FleetBenchmark.RunAsync(rest),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine($"""
        usage: Operator.Benchmarks                   controller runtime figures (informer sync, reconciles/s, bytes per cached object)
               Operator.Benchmarks fleet [options]   the operator process against the emulators, with a fleet of credentials

        fleet options:
        {FleetOptions.Usage}
        """);
    return 2;
}
