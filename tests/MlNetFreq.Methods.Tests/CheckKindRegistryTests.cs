using MlNetFreq.Methods.Validation;
using MlNetFreq.Methods.Validation.Kinds;

namespace MlNetFreq.Methods.Tests;

/// <summary>
/// Every check kind has exactly one definition, and what the policy parser, the schema and the validator know of a
/// kind comes from it: its attack default, its diagnostic, its cut-off, its value domain.
/// </summary>
public sealed class CheckKindRegistryTests
{
    [Fact]
    public void EveryKindHasOneDefinitionAndTheSchemaListsThem()
    {
        Assert.Equal(Enum.GetValues<CheckKind>(), CheckKinds.All.Select(k => k.Kind));
        var schema = PolicySchema.Generate();
        var kinds = schema["$defs"]!["check"]!["properties"]!["kind"]!;
        Assert.Equal(Enum.GetNames<CheckKind>(), kinds["enum"]!.AsArray().Select(n => n!.GetValue<string>()));
        string description = kinds["description"]!.GetValue<string>();
        Assert.All(CheckKinds.All, k => Assert.Contains($"{k.Kind}: {k.Description}", description, StringComparison.Ordinal));
    }

    [Fact]
    public void ThePolicyParserReadsWhatEachKindDeclares()
    {
        foreach (var kind in CheckKinds.All)
        {
            // A check with only a bound that can fail: a kind's default attack and diagnostic are what it runs.
            string radius = kind.NeedsRadius ? ", \"radius\": 4" : "";
            string bound = kind.MeasuresShare ? "\"max\": 0.5" : "\"min\": 10";
            var check = ValidationPolicy.Parse($$"""{ "checks": [ { "kind": "{{kind.Kind}}", {{bound}}{{radius}} } ] }""", "p.json").Checks[0];
            Assert.Equal(kind.DefaultAttack?.GetType(), check.AttackOrDefault()?.GetType());

            // decision is refused exactly where the kind is not a proportion; attack exactly where it takes none.
            bool decisionParses = Parses($$"""{ "checks": [ { "kind": "{{kind.Kind}}", {{bound}}{{radius}}, "decision": "lower-bound" } ] }""");
            Assert.Equal(kind.IsProportion, decisionParses);
            bool attackParses = Parses($$"""{ "checks": [ { "kind": "{{kind.Kind}}", {{bound}}{{radius}}, "attack": { "method": "{{(kind.DefaultAttack is null ? "pgd" : Descriptors.MethodRegistry.Of(kind.DefaultAttack).Name)}}" } } ] }""");
            Assert.Equal(kind.DefaultAttack is not null, attackParses);
        }
    }

    private static bool Parses(string json)
    {
        try
        {
            ValidationPolicy.Parse(json, "p.json");
            return true;
        }
        catch (PolicyException)
        {
            return false;
        }
    }
}
