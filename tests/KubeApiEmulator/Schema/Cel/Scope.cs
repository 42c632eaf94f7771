namespace Operator.Testing.KubeApi.Schema.Cel;

/// <summary>Variable bindings (`self`, `oldSelf`, macro variables), innermost first.</summary>
internal sealed record Scope(string Name, object? Value, Scope? Parent)
{
    public bool TryResolve(string name, out object? value)
    {
        for (var s = this; s is not null; s = s.Parent)
        {
            if (s.Name == name)
            {
                value = s.Value;
                return true;
            }
        }
        value = null;
        return false;
    }
}
