using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Operator.Testing.KubeApi.Errors;
using Operator.Testing.KubeApi.Resources;
using Operator.Testing.KubeApi.Schema;
using Operator.Testing.KubeApi.Store;

namespace Operator.Testing.KubeApi.Operations;

/// <summary>POST (and create-on-PUT, apply-create): the create path of the generic registry store (M1, P4, M4).</summary>
internal sealed class ObjectCreator(ClusterState cluster)
{
    private const string GenerateNameAlphabet = "bcdfghjklmnpqrstvwxz2456789";

    public WriteResult Create(ResourceType type, string? urlNamespace, JsonObject body, WriteOptions options)
    {
        var obj = (JsonObject)body.DeepClone();
        CheckTypeMeta(type, obj);
        obj["apiVersion"] = type.ApiVersion;
        obj["kind"] = type.Kind;
        var metadata = obj["metadata"] as JsonObject ?? [];
        obj["metadata"] = metadata;
        SetNamespace(type, urlNamespace, metadata);
        var name = AssignName(type, metadata);
        foreach (var key in new[] { "uid", "creationTimestamp", "resourceVersion", "deletionTimestamp", "deletionGracePeriodSeconds", "generation", "selfLink" })
        {
            metadata.Remove(key);
        }
        metadata["uid"] = Guid.NewGuid().ToString();
        metadata["resourceVersion"] = "0"; // a slot in canonical order; the store writes the revision into it
        metadata["creationTimestamp"] = cluster.Now();
        if (type.Strategy.TracksGeneration)
        {
            metadata["generation"] = 1;
        }
        if (type.HasStatus && type != BuiltinResources.Namespaces)
        {
            obj.Remove("status");
        }
        type.Strategy.PrepareForCreate(obj);
        var warnings = OwnerReferenceValidation.Deduplicate(metadata);
        warnings.AddRange(Admission.Admit(type, obj, null, false, options));
        warnings.AddRange(PolicyAdmission.Validate(cluster, type, "CREATE", obj, null, null));
        var ns = metadata["namespace"]?.GetValue<string>() ?? "";
        lock (cluster.Store.Gate)
        {
            if (type.Namespaced)
            {
                cluster.AdmitIntoNamespace(type, ns, name);
            }
            var existing = cluster.Store.Get(type.StorageKey, new ObjectKey(ns, name));
            if (existing is not null)
            {
                throw StatusErrors.AlreadyExists(type, name, ClusterState.IsTerminating(existing));
            }
            if (options.DryRun)
            {
                return new WriteResult(obj, true, warnings);
            }
            var stored = cluster.Store.Put(type.StorageKey, CanonicalJson.Order(obj, type.IsCustom));
            return new WriteResult(stored, true, warnings);
        }
    }

    /// <summary>Body apiVersion/kind must match the URL's resource when present (400 otherwise).</summary>
    private static void CheckTypeMeta(ResourceType type, JsonObject obj)
    {
        var apiVersion = obj["apiVersion"]?.GetValue<string>();
        var kind = obj["kind"]?.GetValue<string>();
        if (!string.IsNullOrEmpty(kind) && kind != type.Kind)
        {
            throw StatusErrors.BadRequest($"the kind in the data ({kind}) does not match the expected kind ({type.Kind})");
        }
        if (!string.IsNullOrEmpty(apiVersion) && apiVersion != type.ApiVersion)
        {
            throw StatusErrors.BadRequest($"the API version in the data ({apiVersion}) does not match the expected API version ({type.ApiVersion})");
        }
    }

    public static void SetNamespace(ResourceType type, string? urlNamespace, JsonObject metadata)
    {
        var bodyNamespace = metadata["namespace"]?.GetValue<string>() ?? "";
        if (!type.Namespaced)
        {
            metadata.Remove("namespace");
            return;
        }
        if (bodyNamespace.Length > 0 && bodyNamespace != urlNamespace)
        {
            throw StatusErrors.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
        }
        metadata["namespace"] = urlNamespace;
    }

    private static string AssignName(ResourceType type, JsonObject metadata)
    {
        var name = metadata["name"]?.GetValue<string>() ?? "";
        var prefix = metadata["generateName"]?.GetValue<string>() ?? "";
        if (name.Length == 0 && prefix.Length > 0)
        {
            name = (prefix.Length > 58 ? prefix[..58] : prefix) + RandomNumberGenerator.GetString(GenerateNameAlphabet, 5);
            metadata["name"] = name;
        }
        if (name.Length == 0)
        {
            throw StatusErrors.Invalid(type, "",
                [new FieldCause("FieldValueRequired", "Required value: name or generateName is required", "metadata.name")]);
        }
        return name;
    }
}
