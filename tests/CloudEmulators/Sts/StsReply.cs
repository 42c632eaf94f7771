namespace Operator.Testing.Clouds.Sts;

/// <summary>What STS answers to one request: status code and XML body, as sent over HTTP.</summary>
internal sealed record StsReply(int StatusCode, string Xml)
{
    public bool IsSuccess => StatusCode == 200;
}
