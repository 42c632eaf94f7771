using System.Text.Json.Nodes;
using Operator.Testing.KubeApi.Schema;
using Operator.Testing.KubeApi.Schema.Cel;

namespace Operator.Testing.Tests.KubeApi.Schema;

/// <summary>The CEL subset's semantics, evaluated against a fixed `self`.</summary>
public sealed class CelEvaluationTests
{
    private static readonly SchemaNode s_schema = SchemaNode.Parse(JsonNode.Parse("""
        {"type":"object","properties":{
          "n":{"type":"integer"},"d":{"type":"number"},"s":{"type":"string"},"b":{"type":"boolean"},
          "list":{"type":"array","items":{"type":"integer"}},
          "names":{"type":"array","items":{"type":"string"}},
          "labels":{"type":"object","additionalProperties":{"type":"string"}},
          "when":{"type":"string","format":"date-time"},
          "every":{"type":"string","format":"duration"},
          "dashed-name":{"type":"string"},
          "absent":{"type":"string"}
        }}
        """)!.AsObject());

    private static readonly JsonNode s_self = JsonNode.Parse("""
        {"n":5,"d":2.5,"s":"Hello","b":true,"list":[1,2,3],"names":["a","bb"],"labels":{"app":"web"},
         "when":"2024-05-01T12:00:00Z","every":"1h30m","dashed-name":"x"}
        """)!;

    private static object? Eval(string rule) =>
        CelProgram.Compile(rule).Evaluate(CelValues.FromJson(s_self, s_schema), null, false);

    [Theory]
    [InlineData("self.n == 5")]
    [InlineData("self.n > 4 && self.n < 6")]
    [InlineData("self.d == 2.5")]
    [InlineData("self.n == 5.0")]
    [InlineData("self.n + 1 == 6")]
    [InlineData("self.n / 2 == 2")]
    [InlineData("-7 / 2 == -3")]
    [InlineData("-7 % 2 == -1")]
    [InlineData("self.s.startsWith('He') && self.s.endsWith('lo') && self.s.contains('ell')")]
    [InlineData("self.s.matches('^H[a-z]+$')")]
    [InlineData("self.s.matches('ell')")]
    [InlineData("size(self.s) == 5 && self.s.size() == 5")]
    [InlineData("size('héllo') == 5")]
    [InlineData("self.s.lowerAscii() == 'hello'")]
    [InlineData("has(self.labels) && !has(self.absent)")]
    [InlineData("'app' in self.labels")]
    [InlineData("2 in self.list")]
    [InlineData("self.list.all(x, x > 0)")]
    [InlineData("self.list.exists(x, x == 3)")]
    [InlineData("self.list.exists_one(x, x > 2)")]
    [InlineData("self.list.filter(x, x > 1) == [2, 3]")]
    [InlineData("self.list.map(x, x * 2) == [2, 4, 6]")]
    [InlineData("self.list.map(x, x > 1, x * 10) == [20, 30]")]
    [InlineData("self.labels.all(k, self.labels[k] == 'web')")]
    [InlineData("self.names.join(',') == 'a,bb'")]
    [InlineData("self.b ? true : false")]
    [InlineData("self.n > 10 ? false : true")]
    [InlineData("self.every == duration('90m')")]
    [InlineData("self.every.getMinutes() == 90")]
    [InlineData("self.when < timestamp('2024-05-02T00:00:00Z')")]
    [InlineData("timestamp('2024-05-01T13:00:00Z') - self.when == duration('1h')")]
    [InlineData("self.when.getFullYear() == 2024 && self.when.getMonth() == 4 && self.when.getDate() == 1")]
    [InlineData("int('42') == 42 && string(42) == '42' && double(self.n) == 5.0 && uint(5) == 5u")]
    [InlineData("string(duration('1h')) == '3600s'")]
    [InlineData("isURL('https://example.com/x') && !isURL('example.com')")]
    [InlineData("url('https://example.com:8443/p?q=1').getScheme() == 'https'")]
    [InlineData("url('https://example.com:8443/p').getHostname() == 'example.com' && url('https://example.com:8443/p').getPort() == '8443'")]
    [InlineData("url('https://example.com:8443/p').getHost() == 'example.com:8443' && url('https://example.com/a/b').getEscapedPath() == '/a/b'")]
    [InlineData("self.dashed__dash__name == 'x'")]
    [InlineData("[1, 2] + [3] == [1, 2, 3] && {'a': 1}['a'] == 1")]
    [InlineData("'a' < 'b' && 1u < 2u && 1 < 1.5")]
    [InlineData("r'\\d' == '\\\\d' && \"x\" == 'x' && '''tri''' == 'tri'")]
    [InlineData("0x10 == 16")]
    [InlineData("null == null && self.labels != null")]
    public void K4_SupportedExpression_EvaluatesToTrue(string rule) => Assert.Equal(true, Eval(rule));

    [Theory]
    [InlineData("self.absent == 'x' || true", true)]
    [InlineData("true || self.absent == 'x'", true)]
    [InlineData("self.absent == 'x' && false", false)]
    [InlineData("false && self.absent == 'x'", false)]
    [InlineData("[0, 1].exists(x, 1 / x == 1)", true)]
    [InlineData("[0, 1].all(x, x != 0 && 1 / x == 1)", false)]
    public void K4_LogicalOperators_AbsorbErrorsCommutatively(string rule, bool expected) => Assert.Equal(expected, Eval(rule));

    [Theory]
    [InlineData("!has(self.absent) || self.absent.format([1]) == 'x'", true)]
    [InlineData("has(self.absent) && self.absent.format([1]) == 'x'", false)]
    public void K4_DecidedLeftSide_SkipsTheRightSide(string rule, bool expected) => Assert.Equal(expected, Eval(rule));

    [Theory]
    [InlineData("self.absent == 'x'", "no such key: absent")]
    [InlineData("self.labels['nope'] == 'x'", "no such key: nope")]
    [InlineData("self.n / 0 == 1", "division by zero")]
    [InlineData("self.n % 0 == 1", "modulus by zero")]
    [InlineData("9223372036854775807 + 1 > 0", "integer overflow")]
    [InlineData("-9223372036854775808 - 1 < 0", "integer overflow")]
    [InlineData("true && self.absent == 'x'", "no such key: absent")]
    [InlineData("[1].all(x, 1 / 0 == x)", "division by zero")]
    [InlineData("int('abc') == 1", "type conversion error from 'string' to 'int'")]
    public void K4_RuntimeError_IsAnErrorValue(string rule, string message) =>
        Assert.Equal(message, Assert.IsType<CelError>(Eval(rule)).Message);

    [Theory]
    [InlineData("self.n + 1.5 > 0")]
    [InlineData("self.s.format([1])")]
    [InlineData("self.list.sortBy(x, x)")]
    [InlineData("quantity('1Gi').isGreaterThan(quantity('1Mi'))")]
    [InlineData("self.?absent.orValue('x') == 'x'")]
    [InlineData("b'abc' == b'abc'")]
    [InlineData("type(self.n) == int")]
    [InlineData("self.list.all(i, v, v > 0)")]
    [InlineData("Foo{a: 1}")]
    [InlineData("self.n ==")]
    [InlineData("unknownVariable == 1")]
    [InlineData("self.n && true")]
    public void K4_OutsideTheSubset_IsUnsupported(string rule) =>
        Assert.Throws<CelUnsupportedException>(() => Eval(rule));
}
