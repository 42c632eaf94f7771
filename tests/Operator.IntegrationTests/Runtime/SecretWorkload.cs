using System.Text;
using k8s;
using k8s.Models;
using Operator.Runtime;

namespace Operator.IntegrationTests.Runtime;

/// <summary>Creates, updates and deletes Secrets in a namespace, and compares a controller's view with the server.</summary>
internal sealed class SecretWorkload(IKubernetes client, string ns)
{
    public async Task CreateAsync(string name) => await client.CoreV1.CreateNamespacedSecretAsync(Secrets.Secret(name, ns, data: new Dictionary<string, string> { ["v"] = "0" }), ns);

    public async Task UpdateAsync(string name, int value)
    {
        var secret = await client.CoreV1.ReadNamespacedSecretAsync(name, ns);
        secret.Data["v"] = Encoding.UTF8.GetBytes(value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await client.CoreV1.ReplaceNamespacedSecretAsync(secret, name, ns);
    }

    public async Task DeleteAsync(string name) => await client.CoreV1.DeleteNamespacedSecretAsync(name, ns);

    /// <summary>Key → resourceVersion of every Secret now on the server.</summary>
    public async Task<Dictionary<ObjectKey, string>> ServerStateAsync()
    {
        var list = await client.CoreV1.ListNamespacedSecretAsync(ns);
        return list.Items.ToDictionary(s => new ObjectKey(ns, s.Name()), s => s.ResourceVersion());
    }

    /// <summary>Runs a mixed workload: 40 creates, 30 updates, 15 deletes; <paramref name="between"/> runs every 5 writes.</summary>
    public async Task RunAsync(Func<Task> between)
    {
        var writes = new List<Func<Task>>();
        for (var i = 0; i < 40; i++)
        {
            var name = $"s{i:D2}";
            writes.Add(() => CreateAsync(name));
        }

        for (var i = 0; i < 30; i++)
        {
            var (name, value) = ($"s{i % 20:D2}", i);
            writes.Add(() => UpdateAsync(name, value));
        }

        for (var i = 25; i < 40; i++)
        {
            var name = $"s{i:D2}";
            writes.Add(() => DeleteAsync(name));
        }

        for (var i = 0; i < writes.Count; i++)
        {
            await writes[i]();
            if (i % 5 == 4)
            {
                await between();
            }
        }
    }
}
