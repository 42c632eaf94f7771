using k8s.Autorest;
using k8s.Models;
using Operator.Runtime;

namespace Operator.Tests.Runtime;

public sealed class KubernetesResourceClientTests
{
    [Fact]
    public async Task List_StampsApiVersionAndKindOnBuiltInItems_AndPassesPaging()
    {
        CollectionQuery? sent = null;
        var client = new KubernetesResourceClient<V1Secret, V1SecretList>("secrets", (query, _) =>
        {
            sent = query;
            return Task.FromResult(new HttpOperationResponse<V1SecretList>
            {
                Body = new V1SecretList
                {
                    Metadata = new V1ListMeta { ResourceVersion = "42", ContinueProperty = "next" },
                    Items = [Secrets.Secret("s", "ns")],
                },
            });
        });

        var page = await client.ListAsync(new ListRequest("app=x", 10, "token"), TestContext.Current.CancellationToken);

        Assert.Equal(("v1", "Secret"), (page.Items[0].ApiVersion, page.Items[0].Kind));
        Assert.Equal(("42", "next"), (page.ResourceVersion, page.Continue));
        Assert.Equal(new CollectionQuery("app=x", 10, "token"), sent);
    }
}
