namespace Operator.Testing.KubeApi.Tables;

/// <summary>
/// Ages as kube-apiserver prints them in Table cells (apimachinery pkg/util/duration HumanDuration):
/// `45s`, `3m20s`, `17m`, `5h12m`, `2d3h`, `3y100d`.
/// </summary>
internal static class HumanDuration
{
    public static string Format(TimeSpan d)
    {
        var seconds = (long)d.TotalSeconds;
        if (seconds < -1)
        {
            return "<invalid>";
        }

        if (seconds < 0)
        {
            return "0s";
        }

        if (seconds < 120)
        {
            return $"{seconds}s";
        }

        var minutes = seconds / 60;
        if (minutes < 10)
        {
            return Pair(minutes, "m", seconds % 60, "s");
        }

        if (minutes < 180)
        {
            return $"{minutes}m";
        }

        var hours = minutes / 60;
        return hours switch
        {
            < 8 => Pair(hours, "h", minutes % 60, "m"),
            < 48 => $"{hours}h",
            < 24 * 8 => Pair(hours / 24, "d", hours % 24, "h"),
            < 24 * 365 * 2 => $"{hours / 24}d",
            < 24 * 365 * 8 => Pair(hours / 24 / 365, "y", hours / 24 % 365, "d"),
            _ => $"{hours / 24 / 365}y",
        };
    }

    private static string Pair(long major, string majorUnit, long minor, string minorUnit) =>
        minor == 0 ? $"{major}{majorUnit}" : $"{major}{majorUnit}{minor}{minorUnit}";
}
