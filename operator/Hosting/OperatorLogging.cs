namespace Operator.Hosting;

/// <summary>Console logging: JSON lines by default (one object per line for collectors), plain text for people.</summary>
internal static class OperatorLogging
{
    /// <summary>
    /// Categories that speak at Warning unless the configuration asks otherwise (<c>Logging:LogLevel:CATEGORY</c>): the HTTP
    /// client factory writes four Information lines per outbound call, and ASP.NET Core two per request, every probe
    /// and scrape included.
    /// </summary>
    public static readonly IReadOnlyList<string> QuietCategories = ["System.Net.Http.HttpClient", "Microsoft.AspNetCore"];

    public static void Configure(ILoggingBuilder logging, LogFormat format, IConfiguration? configuration = null)
    {
        foreach (var category in QuietCategories)
        {
            // A level the configuration names for the category, or a more specific one, wins: "unless asked for".
            if (configuration?.GetSection("Logging:LogLevel").GetChildren()
                    .Any(c => c.Key.StartsWith(category, StringComparison.Ordinal)) != true)
            {
                logging.AddFilter(category, LogLevel.Warning);
            }
        }

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
