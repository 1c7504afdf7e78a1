using System.Text.Json;
using Json.Schema;
using MlNetFreq.Methods.Validation;

namespace MlNetFreq.Methods.Tests;

/// <summary>
/// The shipped JSON Schema of policies is the one generated from the registry (so it cannot drift), the shipped policies
/// satisfy it, and a misspelt key, an unknown method or a wrongly typed option does not.
/// </summary>
public sealed class PolicySchemaTests
{
    private static readonly string Shipped = Path.Combine(RepoPaths.Root, "samples", "policies", "policy.schema.json");

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [Fact]
    public void TheShippedSchemaIsTheGeneratedOne() =>
        Assert.Equal(PolicySchema.Generate().ToJsonString(Indented), File.ReadAllText(Shipped).TrimEnd());

    [Theory]
    [InlineData("fmnist-gate.json")]
    public void ShippedPoliciesSatisfyIt(string policy) =>
        Assert.True(Evaluate(File.ReadAllText(Path.Combine(RepoPaths.Root, "samples", "policies", policy))), policy);

    [Theory]
    [InlineData("""{ "checks": [ { "kind": "AutoAttack", "min": 0.3, "fail-on-warnings": true, "attack": { "method": "autoattack", "eps": 0.1, "version": "plus", "attacks": "apgd-ce,square" } } ] }""", true)]
    [InlineData("""{ "checks": [ { "kind": "RobustAccuracy", "min": 0.3, "attack": { "method": "simba", "order": "rand" } } ] }""", true)]
    [InlineData("""{ "checks": [ { "kind": "RobustAccuracy", "minimum": 0.3 } ] }""", false)]
    [InlineData("""{ "checks": [ { "kind": "RobustAccuracy" } ] }""", false)]
    [InlineData("""{ "checks": [] }""", false)]
    [InlineData("""{ "checks": [ { "kind": "RobustAccuracy", "min": 0.3, "attack": { "method": "pgd", "epsilon": 0.1 } } ] }""", false)]
    [InlineData("""{ "checks": [ { "kind": "RobustAccuracy", "min": 0.3, "attack": { "method": "pgd", "steps": 2.5 } } ] }""", false)]
    [InlineData("""{ "checks": [ { "kind": "RobustAccuracy", "min": 0.3, "attack": { "method": "Pgd" } } ] }""", false)]
    [InlineData("""{ "checks": [ { "kind": "RobustAccuracy", "min": 0.3, "attack": { "method": "apgd-ce", "norm": "l3" } } ] }""", false)]
    public void PoliciesAreJudgedLikeTheParserJudgesThem(string json, bool valid)
    {
        Assert.Equal(valid, Evaluate(json));
        bool parses = true;
        try
        {
            ValidationPolicy.Parse(json, "p.json");
        }
        catch (PolicyException)
        {
            parses = false;
        }

        Assert.Equal(valid, parses);
    }

    private static bool Evaluate(string json)
    {
        var schema = JsonSchema.FromText(PolicySchema.Generate().ToJsonString());
        using var document = JsonDocument.Parse(json);
        return schema.Evaluate(document.RootElement).IsValid;
    }
}
