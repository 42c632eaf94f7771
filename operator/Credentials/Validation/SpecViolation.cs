namespace Operator.Credentials.Validation;

/// <summary>One thing the CRD refuses in a spec.</summary>
/// <param name="Field">The field path as kube-apiserver names it in a 422's causes, e.g. <c>spec.target.http.proof.audience</c>.</param>
/// <param name="Message">What is wrong and what is allowed.</param>
internal sealed record SpecViolation(string Field, string Message)
{
    /// <summary>As the API server prints a cause (<c>field: message</c>), without repeating a field the message starts with.</summary>
    public override string ToString()
    {
        var text = Message.StartsWith(Field + " ", StringComparison.Ordinal) ? Message : $"{Field}: {Message}";
        return text.EndsWith('.') ? text : text + ".";
    }
}
