using System.Text.Json.Nodes;
using Operator.Testing.KubeApi.Schema;

namespace Operator.Testing.KubeApi.Kinds;

/// <summary>
/// What differs between kinds on write, after the generic metadata rules (like the registry strategies of
/// kube-apiserver: PrepareForCreate/PrepareForUpdate/Validate, AllowUnconditionalUpdate, AllowCreateOnUpdate).
/// </summary>
internal interface IResourceStrategy
{
    /// <summary>PUT without metadata.resourceVersion is accepted (Secrets, Events) instead of 422 (R4).</summary>
    bool AllowUnconditionalUpdate => false;

    /// <summary>PUT of a missing object creates it (Leases, Events) instead of 404 (R4).</summary>
    bool AllowCreateOnUpdate => false;

    /// <summary>metadata.generation is maintained (CRs, Deployments) (M1, M4).</summary>
    bool TracksGeneration => false;

    /// <summary>Accepts strategic merge patch (built-ins only, A1).</summary>
    bool AcceptsStrategicMergePatch => true;

    /// <summary>A decoding failure (400 BadRequest), e.g. a MicroTime without 6 fractional digits (C6).</summary>
    string? DecodeError(JsonObject obj) => null;

    void PrepareForCreate(JsonObject obj)
    {
    }

    void PrepareForUpdate(JsonObject obj, JsonObject old)
    {
    }

    /// <summary>Kind-specific validation; causes become a 422 Invalid.</summary>
    IReadOnlyList<FieldCause> Validate(JsonObject obj, JsonObject? old) => [];
}

/// <summary>Kinds with no rules beyond the generic ones (ServiceAccounts, Namespaces...).</summary>
internal sealed class PlainStrategy : IResourceStrategy
{
    public static PlainStrategy Instance { get; } = new();
}
