using System.CommandLine;
using MlNetFreq.Methods.Validation;

namespace MlNetFreq.Cli.Commands;

/// <summary><c>mlnetfreq policy-schema</c>: prints the JSON Schema of validation policies, generated from the method registry.</summary>
internal static class PolicySchemaCommand
{
    public static Command Create()
    {
        var command = new Command("policy-schema", "Print the JSON Schema (draft 2020-12) of validate's policy files, generated from the registered methods and their options (samples/policies/policy.schema.json is its output).");
        command.SetAction(_ => CommandRunner.Run(() =>
        {
            Console.WriteLine(PolicySchema.Generate().ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
            return 0;
        }));
        return command;
    }
}
