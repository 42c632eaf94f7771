namespace Operator.Credentials.CloudHttp;

/// <summary>A response body over the size cap; the message names the cap, never the body.</summary>
internal sealed class ResponseTooLargeException(long maxBytes)
    : IOException($"the response body exceeds the {Describe(maxBytes)} size cap and was not read further")
{
    public long MaxBytes { get; } = maxBytes;

    public static string Describe(long bytes) =>
        bytes % (1 << 20) == 0 ? $"{bytes >> 20} MiB" : bytes % 1024 == 0 ? $"{bytes >> 10} KiB" : $"{bytes} bytes";
}
