using System.Xml.Linq;
using Operator.Testing.Clouds.Sts;

namespace Operator.Testing.Tests.Clouds.Sts;

/// <summary>Sends raw Query-API requests to the emulator, so tests see exactly what goes over the wire.</summary>
internal sealed class StsQueryClient(HttpClient http)
{
    public async Task<(int Status, XElement Xml)> PostAsync(params (string Name, string Value)[] parameters)
    {
        using var content = new FormUrlEncodedContent(parameters.Select(p => new KeyValuePair<string, string>(p.Name, p.Value)));
        using var response = await http.PostAsync(new Uri("/", UriKind.Relative), content, TestContext.Current.CancellationToken);
        return ((int)response.StatusCode, XElement.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)));
    }

    public Task<(int Status, XElement Xml)> AssumeRoleAsync(string roleArn, string token, int? durationSeconds = null, string session = "team-a.app")
    {
        var parameters = new List<(string, string)>
        {
            ("Action", "AssumeRoleWithWebIdentity"), ("Version", "2011-06-15"), ("RoleArn", roleArn),
            ("RoleSessionName", session), ("WebIdentityToken", token),
        };
        if (durationSeconds is { } seconds)
        {
            parameters.Add(("DurationSeconds", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        return PostAsync([.. parameters]);
    }

    public static string? Value(XElement xml, string name) => xml.Descendants(StsXml.Ns + name).FirstOrDefault()?.Value;
}
