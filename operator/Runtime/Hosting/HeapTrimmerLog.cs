namespace Operator.Runtime.Hosting;

internal static partial class HeapTrimmerLog
{
    [LoggerMessage(LogLevel.Debug, "Trimmed the managed heap: {BeforeMb} MB committed before, {AfterMb} MB after, in {Milliseconds:0} ms")]
    public static partial void Trimmed(this ILogger logger, long beforeMb, long afterMb, double milliseconds);
}
