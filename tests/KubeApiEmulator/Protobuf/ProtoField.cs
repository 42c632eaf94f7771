namespace Operator.Testing.KubeApi.Protobuf;

/// <summary>How one proto2 field of a Kubernetes type maps to its JSON member.</summary>
internal enum ProtoFieldShape
{
    Text,
    Integer,
    Flag,
    /// <summary>`bytes`, which Kubernetes JSON carries as base64 (Secret data values).</summary>
    Binary,
    Nested,
    /// <summary>`meta/v1.Time` {seconds = 1, nanos = 2}, rendered as RFC 3339 seconds.</summary>
    Timestamp,
    StringMap,
    BinaryMap,
}

/// <param name="Repeated">A `repeated` field: each occurrence appends to a JSON array.</param>
/// <param name="Message">The nested message's layout, for <see cref="ProtoFieldShape.Nested"/>.</param>
internal sealed record ProtoField(int Number, string JsonName, ProtoFieldShape Shape, bool Repeated = false, ProtoMessage? Message = null);
