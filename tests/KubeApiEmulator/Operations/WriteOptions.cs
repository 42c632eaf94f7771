namespace Operator.Testing.KubeApi.Operations;

/// <summary>Query options shared by create, update and patch.</summary>
/// <param name="FieldValidation">`Warn` (default), `Strict` or `Ignore` (K1).</param>
internal sealed record WriteOptions(string FieldValidation = "Warn", bool DryRun = false)
{
    public static WriteOptions Default { get; } = new();
}

/// <summary>The stored object (or, for a write that finished a deletion, the submitted one) and any warnings.</summary>
internal sealed record WriteResult(System.Text.Json.Nodes.JsonObject Object, bool Created, IReadOnlyList<string> Warnings);
