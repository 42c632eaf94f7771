using System.Text.Json.Nodes;
using k8s;
using Operator.Api.V1Alpha1;
using Operator.Runtime;

namespace Operator.Tests.Runtime;

/// <summary>A list of DelegatedCredentials with an item the model cannot hold is read without it (ReadableItems).</summary>
public sealed class ReadableItemsTests
{
    [Fact]
    public void UnreadableItem_IsLeftOutAndNamed_AndTheItemsAroundItAreRead()
    {
        var list = List(Item("team-a", "first"), Item("team-b", "typed", i => i["spec"]!["ttl"] = 3600), JsonValue.Create(7),
            Item("team-b", "dated", i => i["status"] = new JsonObject { ["expiresAt"] = "soon" }), Item("team-c", "last"));

        var read = KubernetesJson.Deserialize<DelegatedCredentialList>(list.ToJsonString());

        Assert.Equal(["first", "last"], read.Items.Select(i => i.Metadata.Name));
        var unreadable = ((ReadableItems<DelegatedCredential>)read.Items).Unreadable;
        Assert.Equal(new UnreadableItem("team-b", "typed", "spec.ttl"), unreadable[0]);
        Assert.Equal(new UnreadableItem(null, null, "(the whole object)"), unreadable[1]);
        Assert.Equal(("team-b", "dated"), (unreadable[2].Namespace, unreadable[2].Name));
        Assert.Equal(3, unreadable.Count);
    }

    [Fact]
    public void ReadableList_RoundTrips()
    {
        var list = List(Item("team-a", "first"), Item("team-b", "second"));

        var read = KubernetesJson.Deserialize<DelegatedCredentialList>(list.ToJsonString());
        var written = JsonNode.Parse(KubernetesJson.Serialize(read))!;

        Assert.Equal(["first", "second"], written["items"]!.AsArray().Select(i => (string?)i!["metadata"]!["name"]));
        Assert.Empty(((ReadableItems<DelegatedCredential>)read.Items).Unreadable);
    }

    [Fact]
    public void ItemsThatAreNotAnArray_FailTheList()
    {
        var list = List();
        list["items"] = new JsonObject();

        Assert.ThrowsAny<System.Text.Json.JsonException>(() => KubernetesJson.Deserialize<DelegatedCredentialList>(list.ToJsonString()));
    }

    private static JsonObject List(params JsonNode?[] items) => new()
    {
        ["apiVersion"] = DelegatedCredential.GroupVersion,
        ["kind"] = "DelegatedCredentialList",
        ["metadata"] = new JsonObject { ["resourceVersion"] = "42" },
        ["items"] = new JsonArray(items),
    };

    private static JsonObject Item(string ns, string name, Action<JsonObject>? mutate = null)
    {
        var item = JsonNode.Parse(KubernetesJson.Serialize(Objects.ToCreate(ns, name, "app")))!.AsObject();
        mutate?.Invoke(item);
        return item;
    }
}
