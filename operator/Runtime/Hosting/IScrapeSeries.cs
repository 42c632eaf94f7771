namespace Operator.Runtime.Hosting;

/// <summary>
/// Gauge families written at scrape time straight from a table the process keeps anyway (one series per object: a
/// credential's expiry, say), instead of through prometheus-net. Through prometheus-net each such series is a child object
/// with its label array, label-sequence entry and lifetime record: about 0.6 KB a series, 17 MB at 10,000 credentials with
/// three series each. <see cref="MetricsEndpoint"/> appends these families to what prometheus-net exports.
/// </summary>
internal interface IScrapeSeries
{
    /// <summary>Writes the families; calls <see cref="SeriesWriter.FlushWhenFullAsync"/> between samples of a long family.</summary>
    ValueTask WriteAsync(SeriesWriter writer, CancellationToken cancellationToken);
}
