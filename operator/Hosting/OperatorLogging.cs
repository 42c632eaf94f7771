namespace Operator.Hosting;

/// <summary>Console logging: JSON lines by default (one object per line for collectors), plain text for people.</summary>
internal static class OperatorLogging
{
    public static void Configure(ILoggingBuilder logging, LogFormat format)
    {
        logging.ClearProviders();
        if (format == LogFormat.Text)
        {
            logging.AddSimpleConsole(console =>
            {
                console.SingleLine = true;
                console.TimestampFormat = "HH:mm:ss ";
                console.UseUtcTimestamp = true;
            });
            return;
        }

        logging.AddJsonConsole(console =>
        {
            console.IncludeScopes = true;
            console.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            console.UseUtcTimestamp = true;
        });
    }
}
