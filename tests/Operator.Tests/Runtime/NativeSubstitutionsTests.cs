using System.Reflection;
using System.Xml.Linq;

namespace Operator.Tests.Runtime;

/// <summary>
/// operator/Native/KubernetesClient.Substitutions.xml names library methods by signature. The native compiler stops on a
/// signature that matches nothing (IL2009), but only in the native publish, minutes in; a KubernetesClient upgrade that
/// renamed the method should fail here, in the fast tier, instead. Each named method must exist, spelled as the native
/// compiler matches it (an explicit interface implementation's name begins with <c>global::</c>).
/// </summary>
public sealed class NativeSubstitutionsTests
{
    private const string File = "operator/Native/KubernetesClient.Substitutions.xml";

    public static TheoryData<string, string, string> Methods()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var assembly in XDocument.Parse(RepositoryFiles.Read(File)).Root!.Elements("assembly"))
        {
            foreach (var type in assembly.Elements("type"))
            {
                foreach (var method in type.Elements("method"))
                {
                    data.Add((string)assembly.Attribute("fullname")!, (string)type.Attribute("fullname")!, (string)method.Attribute("signature")!);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void EachSubstitutedMethod_ExistsInTheReferencedLibrary(string assembly, string type, string signature)
    {
        var methods = Assembly.Load(assembly).GetType(type, throwOnError: true)!
            .GetMethods(BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly);

        var signatures = methods.Select(Signature).ToList();

        Assert.True(signatures.Contains(signature), $"{type} has no {signature}; it has {string.Join("; ", signatures)}");
    }

    [Fact]
    public void TheFileNamesAtLeastOneMethod() => Assert.NotEmpty(Methods());

    // The trimmer's format: "ReturnType Name(ParameterType,ParameterType)", full type names.
    private static string Signature(MethodInfo method) =>
        $"{method.ReturnType.FullName} {method.Name}({string.Join(",", method.GetParameters().Select(p => p.ParameterType.FullName))})";
}
