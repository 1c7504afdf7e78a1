using System.Text.Json.Nodes;
using MlNetFreq.Methods.Descriptors;

namespace MlNetFreq.Methods.Validation;

/// <summary>
/// The JSON Schema (draft 2020-12) of a validation policy, generated from the code that reads policies: the policy and
/// check keys, the check kinds and decisions, and — from <see cref="MethodRegistry"/> — every attack method with its
/// options, their types, enum values and defaults. Editors validate and complete policies with it;
/// <c>samples/policies/policy.schema.json</c> is this output (<c>mlnetfreq validate --print-schema</c>), and a test keeps
/// them equal. The schema describes the shape; <see cref="ValidationPolicy.Parse"/> still checks what a schema cannot
/// (an option's range, an attack that does not fit its check kind).
/// </summary>
public static class PolicySchema
{
    /// <summary>The schema.</summary>
    public static JsonObject Generate()
    {
        var attacks = new JsonArray(MethodRegistry.OfType(typeof(AttackOptions)).Select(MethodSchema).ToArray<JsonNode?>());
        var diagnostics = new JsonArray(MethodRegistry.All.Where(d => d.Kind == MethodKind.Diagnostic).Select(MethodSchema).ToArray<JsonNode?>());
        var check = new JsonObject
        {
            ["type"] = "object",
            ["additionalProperties"] = false,
            ["required"] = new JsonArray("kind"),
            ["anyOf"] = new JsonArray(new JsonObject { ["required"] = new JsonArray("min") }, new JsonObject { ["required"] = new JsonArray("max") }),
            ["properties"] = new JsonObject
            {
                ["name"] = new JsonObject { ["type"] = "string", ["description"] = "Name in reports and messages (default: the kind)." },
                ["kind"] = new JsonObject
                {
                    ["enum"] = Strings(Kinds.CheckKinds.All.Select(k => k.Kind.ToString())),
                    ["description"] = "What the check measures. " + string.Join(" ", Kinds.CheckKinds.All.Select(k => $"{k.Kind}: {k.Description}")),
                },
                ["min"] = new JsonObject { ["type"] = "number", ["description"] = "Lower bound (at least one of min and max)." },
                ["max"] = new JsonObject { ["type"] = "number", ["description"] = "Upper bound." },
                ["images"] = new JsonObject { ["type"] = "integer", ["minimum"] = 1, ["description"] = "Images for this check (default: all that were read); at most limit and at most the images the data hold." },
                ["decision"] = new JsonObject
                {
                    ["enum"] = Strings(["estimate", "lower-bound", "upper-bound"]), ["default"] = "estimate",
                    ["description"] = "Accuracy checks: compare the estimate or an end of its Wilson 95 % interval with the bounds.",
                },
                ["fail-on-warnings"] = new JsonObject { ["type"] = "boolean", ["default"] = false, ["description"] = "AutoAttack checks and RobustAccuracy checks under a gradient attack: any sanity warning fails the check." },
                ["attack"] = new JsonObject { ["oneOf"] = attacks, ["description"] = "The attack, as {\"method\": NAME, option: value, …}." },
                ["diagnostic"] = new JsonObject { ["oneOf"] = diagnostics, ["description"] = "Frequency diagnostic checks: its options, as {\"method\": NAME, option: value, …}." },
                ["radius"] = new JsonObject { ["type"] = "number", ["minimum"] = 0, ["description"] = "LowPassAccuracy and HighPassAccuracy checks: the cut-off gated." },
            },
        };
        return new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["title"] = "MlNetFreq validation policy",
            ["type"] = "object",
            ["additionalProperties"] = false,
            ["required"] = new JsonArray("checks"),
            ["properties"] = new JsonObject
            {
                ["limit"] = new JsonObject { ["type"] = "integer", ["minimum"] = 1, ["default"] = 1000, ["description"] = "Images read from the data at most." },
                ["checks"] = new JsonObject { ["type"] = "array", ["minItems"] = 1, ["items"] = new JsonObject { ["$ref"] = "#/$defs/check" } },
            },
            ["$defs"] = new JsonObject { ["check"] = check },
        };
    }

    private static JsonObject MethodSchema(MethodDescriptor method)
    {
        var properties = new JsonObject { ["method"] = new JsonObject { ["const"] = method.Name, ["description"] = method.Summary } };
        foreach (var option in method.Options)
        {
            var t = option.ValueType;
            var property = new JsonObject { ["description"] = option.Description };
            if (t.IsEnum)
            {
                // Canonical names and their aliases ("random (rand)" → random, rand), as the parser accepts them.
                property["enum"] = Strings(option.Choices.SelectMany(c => c.Split(' ').Select(part => part.Trim('(', ')'))));
            }
            else
            {
                property["type"] = t == typeof(int) ? "integer" : t == typeof(double) ? "number" : t == typeof(bool) ? "boolean" : "string";
            }

            if (Nullable.GetUnderlyingType(option.Type) is not null)
            {
                property = new JsonObject { ["anyOf"] = new JsonArray(property, new JsonObject { ["type"] = "null" }) };
            }

            property["default"] = option.Default switch
            {
                null => null,
                int i => i,
                double d => d,
                bool b => b,
                var v => MethodOption.Format(v),
            };
            properties[option.Name] = property;
        }

        return new JsonObject
        {
            ["type"] = "object",
            ["additionalProperties"] = false,
            ["required"] = new JsonArray("method"),
            ["properties"] = properties,
        };
    }

    private static JsonArray Strings(IEnumerable<string> values) => new(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
}
