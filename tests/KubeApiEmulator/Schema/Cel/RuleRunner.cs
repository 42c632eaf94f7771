using System.Text.Json.Nodes;

namespace Operator.Testing.KubeApi.Schema.Cel;

/// <summary>
/// K4: runs `x-kubernetes-validations` at every schema node holding them, as apiextensions'
/// schema/cel validator does: `self` is the node's value (null values are skipped), `oldSelf` the
/// correlated old value (through object keys and map-list keys only), transition rules only when
/// that exists, and errors of unchanged values ratcheted away (CRDValidationRatcheting, GA).
/// </summary>
internal sealed class RuleRunner(List<FieldCause> causes, List<string> unevaluated)
{
    /// <param name="old">The correlated old value; null when there is none.</param>
    /// <param name="ratchet">True when errors here are ratcheted because the nearest correlated value is unchanged.</param>
    /// <param name="onlyRootProperty">At the resource root, descend only into this property (status writes).</param>
    public void Run(JsonNode? value, JsonNode? old, bool ratchet, SchemaNode schema, string path, bool isResourceRoot, string? onlyRootProperty = null)
    {
        if (value is null)
        {
            return;
        }
        foreach (var rule in schema.Rules.Concat(schema.AllOf.SelectMany(s => s.Rules)))
        {
            RunRule(rule, value, old, ratchet, schema, path, isResourceRoot);
        }
        switch (value)
        {
            case JsonObject obj:
                RunMembers(obj, old as JsonObject, ratchet, schema, path, onlyRootProperty);
                break;
            case JsonArray array when schema.Items is { } items:
                for (var i = 0; i < array.Count; i++)
                {
                    var oldItem = MapListCorrelation.Find(schema, old as JsonArray, array[i]);
                    var itemRatchet = oldItem is not null ? JsonNode.DeepEquals(array[i], oldItem) : ratchet;
                    Run(array[i], oldItem, itemRatchet, items, FieldPath.Index(path, i), items.EmbeddedResource);
                }
                break;
        }
    }

    private void RunMembers(JsonObject obj, JsonObject? old, bool ratchet, SchemaNode schema, string path, string? onlyRootProperty)
    {
        if (schema.AdditionalProperties is { } additional)
        {
            foreach (var (key, child) in obj)
            {
                var (oldChild, childRatchet) = Correlate(old, key, child, ratchet);
                Run(child, oldChild, childRatchet, additional, FieldPath.Key(path, key), additional.EmbeddedResource);
            }
        }
        foreach (var (key, child) in obj)
        {
            if (schema.Property(key) is { } property && (onlyRootProperty is null || onlyRootProperty == key))
            {
                var (oldChild, childRatchet) = Correlate(old, key, child, ratchet);
                Run(child, oldChild, childRatchet, property, FieldPath.Child(path, key), property.EmbeddedResource);
            }
        }
    }

    private static (JsonNode? Old, bool Ratchet) Correlate(JsonObject? old, string key, JsonNode? child, bool parentRatchet)
    {
        if (old is null)
        {
            return (null, parentRatchet);
        }
        return old.TryGetPropertyValue(key, out var oldChild) ? (oldChild, JsonNode.DeepEquals(child, oldChild)) : (null, false);
    }

    private void RunRule(ValidationRule rule, JsonNode value, JsonNode? old, bool ratchet, SchemaNode schema, string path, bool isResourceRoot)
    {
        if (string.IsNullOrWhiteSpace(rule.Rule))
        {
            return;
        }
        try
        {
            var program = CelProgram.Compile(rule.Rule);
            if (rule.OptionalOldSelf)
            {
                throw new CelUnsupportedException("optionalOldSelf (CEL optional types)");
            }
            if (program.UsesOldSelf && old is null)
            {
                return; // transition rules need a correlated old value
            }
            var self = CelValues.FromJson(value, schema, isResourceRoot);
            var oldSelf = old is null ? null : CelValues.FromJson(old, schema, isResourceRoot);
            var result = program.Evaluate(self, oldSelf, old is not null);
            Report(rule, program, result, value, self, oldSelf, old is not null, ratchet, schema, path);
        }
        catch (Exception)
        {
            // Outside the subset (CelUnsupportedException), a regex .NET rejects, or an interpreter
            // gap: the rule's outcome is unknown, so it is reported as unevaluated, never as a verdict.
            unevaluated.Add(rule.Rule);
        }
    }

    private void Report(ValidationRule rule, CelProgram program, object? result, JsonNode value, object? self, object? oldSelf, bool hasOld, bool ratchet, SchemaNode schema, string path)
    {
        var typeName = GoText.Quote(schema.Type ?? "");
        switch (result)
        {
            case true:
                return;
            case CelError error:
                causes.Add(FieldErrors.Invalid(path, typeName, $"{error.Message} evaluating rule: {RuleErrorString(rule)}"));
                return;
            case not false:
                throw new CelUnsupportedException("rule does not evaluate to bool");
        }
        if (!program.UsesOldSelf && ratchet)
        {
            return; // upstream turns this into a warning: the value did not change
        }
        var fieldPath = RuleFieldPath.Resolve(path, schema, rule.FieldPath);
        var detail = MessageFor(rule, self, oldSelf, hasOld);
        var shown = schema.Type is "object" or "array" ? null : GoText.BadValue(value);
        causes.Add(rule.Reason switch
        {
            "FieldValueForbidden" => FieldErrors.Forbidden(fieldPath, detail),
            "FieldValueRequired" => FieldErrors.Required(fieldPath, detail),
            "FieldValueDuplicate" => FieldErrors.Duplicate(fieldPath, shown),
            _ => FieldErrors.Invalid(fieldPath, shown, detail),
        });
    }

    private string MessageFor(ValidationRule rule, object? self, object? oldSelf, bool hasOld)
    {
        if (!string.IsNullOrEmpty(rule.MessageExpression))
        {
            try
            {
                if (CelProgram.Compile(rule.MessageExpression).Evaluate(self, oldSelf, hasOld) is string text
                    && text.Trim() is { Length: > 0 } trimmed && !trimmed.Contains('\n', StringComparison.Ordinal))
                {
                    return trimmed;
                }
            }
            catch (Exception)
            {
                unevaluated.Add(rule.MessageExpression);
            }
        }
        return string.IsNullOrEmpty(rule.Message) ? $"failed rule: {RuleErrorString(rule)}" : rule.Message.Trim();
    }

    private static string RuleErrorString(ValidationRule rule) =>
        string.IsNullOrEmpty(rule.Message) ? rule.Rule.Trim() : rule.Message.Trim();
}
