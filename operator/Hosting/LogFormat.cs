namespace Operator.Hosting;

internal enum LogFormat
{
    Json,
    Text,
}
