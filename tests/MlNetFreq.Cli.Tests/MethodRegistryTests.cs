using System.Text.Json;
using MlNetFreq.Cli.Commands;
using MlNetFreq.Methods.Attacks;
using MlNetFreq.Methods.Descriptors;
using MlNetFreq.Methods.Validation;
using MlNetFreq.ML.Persistence;
using MlNetFreq.ML.Transforms;

namespace MlNetFreq.Cli.Tests;

/// <summary>
/// Every registered method is reachable from the command line, the ML.NET transform, a validation policy and a saved
/// model, with the same name and the defaults of its options record — the one place they are written.
/// </summary>
[Collection("console")]
public sealed class MethodRegistryTests
{
    public static TheoryData<string> Attacks => new(MethodRegistry.OfType(typeof(AttackOptions)).Select(d => d.Name));

    private static MethodDescriptor Descriptor(string name) => MethodRegistry.Get(name, typeof(AttackOptions));

    [Theory]
    [MemberData(nameof(Attacks))]
    public void CommandLineWithoutFlagsGivesTheRecordDefaults(string name)
    {
        var flags = new MethodFlags(new MlNetFreq.Operations.Catalog.AttackImages().Methods!);
        var command = new System.CommandLine.Command("attack");
        flags.AddTo(command);
        var parsed = command.Parse(["--method", name]);
        Assert.Empty(parsed.Errors);
        var options = flags.Create(parsed);
        Assert.Equal(Descriptor(name).CreateDefault(), options);

        // Every option of the method is a flag of `mlnetfreq attack`, and its help shows this method's default.
        var help = CliRun.Run("attack", "--help").Out;
        foreach (var option in Descriptor(name).Options)
        {
            Assert.Contains("--" + option.Name, help, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(Attacks))]
    public void EveryOptionIsSetByItsFlagAndReadBackFromEverySurface(string name)
    {
        var descriptor = Descriptor(name);
        var flags = new MethodFlags(new MlNetFreq.Operations.Catalog.AttackImages().Methods!);
        var command = new System.CommandLine.Command("attack");
        flags.AddTo(command);
        // A value other than the default for every option, given as the user would type it.
        var args = new List<string> { "--method", name };
        foreach (var option in descriptor.Options)
        {
            args.Add("--" + option.Name);
            args.Add(OtherValue(option));
        }

        var fromCli = flags.Create(command.Parse(args));
        foreach (var option in descriptor.Options)
        {
            Assert.NotEqual(option.Default, option.Property.GetValue(fromCli));
        }

        // Policy JSON and persistence JSON carry the same record.
        string json = JsonSerializer.Serialize<AttackOptions>((AttackOptions)fromCli);
        Assert.StartsWith($"{{\"method\":\"{name}\"", json, StringComparison.Ordinal);
        Assert.Equal(fromCli, JsonSerializer.Deserialize<AttackOptions>(json));
        var policy = JsonSerializer.Deserialize<ValidationPolicy>($"{{\"Checks\":[{{\"Name\":\"x\",\"Attack\":{json}}}]}}")!;
        Assert.Equal(fromCli, policy.Checks[0].Attack);
        var transform = new AdversarialTransformOptions { Attack = (AttackOptions)fromCli };
        var node = JsonSerializer.SerializeToNode(transform, PersistenceJson.Options)!;
        Assert.Equal(fromCli, JsonSerializer.Deserialize<AdversarialTransformOptions>(node, PersistenceJson.Options)!.Attack);

        // {"method": name} alone is the record's defaults.
        Assert.Equal(descriptor.CreateDefault(), JsonSerializer.Deserialize<AttackOptions>($"{{\"method\":\"{name}\"}}"));
    }

    [Fact]
    public void AttributionIsDeclaredOnceForTheCommandLineAndMlNet()
    {
        var descriptor = MethodRegistry.Get("occluded-frequency", typeof(OccludedFrequencyOptions));
        var flags = new MethodFlags(descriptor);
        var command = new System.CommandLine.Command("attribute");
        flags.AddTo(command);
        Assert.Equal(new OccludedFrequencyOptions(), flags.Create(command.Parse([])));
        Assert.Equal(new OccludedFrequencyOptions(), new OccludedFrequencyTransformOptions().Attribution);

        var args = descriptor.Options.SelectMany(o => new[] { "--" + o.Name, o.Name == "target" ? "3" : OtherValue(o) }).ToArray();
        var fromCli = (OccludedFrequencyOptions)flags.Create(command.Parse(args));
        foreach (var option in descriptor.Options)
        {
            Assert.NotEqual(option.Default, option.Property.GetValue(fromCli));
        }

        var transform = new OccludedFrequencyTransformOptions { Attribution = fromCli };
        var node = JsonSerializer.SerializeToNode(transform, PersistenceJson.Options)!;
        Assert.Equal(fromCli, JsonSerializer.Deserialize<OccludedFrequencyTransformOptions>(node, PersistenceJson.Options)!.Attribution);
        Assert.Equal("--target: expected predicted, label or a class index, found 'biggest'.",
            Assert.Throws<ArgumentException>(() => flags.Create(command.Parse(["--target", "biggest"]))).Message);
    }

    [Fact]
    public void OptionRecordsAndTheirEnumsSitInOneNamespace()
    {
        var types = MethodRegistry.All.Select(d => d.OptionsType)
            .Concat(MlNetFreq.Operations.OperationRegistry.All.Where(o => o.Settings is not null).Select(o => o.Settings!.OptionsType))
            .Concat([typeof(DctOptions), typeof(BandFeaturesOptions), typeof(OccludedFrequencyTransformOptions), typeof(AdversarialTransformOptions), typeof(CorruptionTransformOptions), typeof(FrequencyFilterOptions)])
            .ToArray();
        var enums = types.SelectMany(t => t.GetProperties()).Select(p => Nullable.GetUnderlyingType(p.PropertyType) ?? p.PropertyType)
            .Where(t => t.IsEnum || t == typeof(AttributionTarget)).Distinct().ToArray();
        Assert.Contains(typeof(BandLayout), enums);
        Assert.All(types.Concat(enums), t => Assert.Equal("MlNetFreq", t.Namespace));
    }

    [Fact]
    public void FlagsThatDoNotApplyAreErrorsNamingWhereTheyApply()
    {
        var flags = new MethodFlags(new MlNetFreq.Operations.Catalog.AttackImages().Methods!);
        var command = new System.CommandLine.Command("attack");
        flags.AddTo(command);
        var ex = Assert.Throws<ArgumentException>(() => flags.Create(command.Parse(["--method", "cw", "--eps", "0.1"])));
        Assert.StartsWith("--eps does not apply to --method cw; it applies to fgsm, fgm-l2, pgd, pgd-l2, simba, simba-dct, lowfreq-pgd, apgd-ce, apgd-dlr, apgd-t, fab, fab-t, square, autoattack. cw takes --c, --kappa, --steps, --lr, --binary-steps, --abort-early, --project-l2, --seed, --targeted.", ex.Message, StringComparison.Ordinal);
        Assert.Contains("--alpha does not apply to --method simba", Assert.Throws<ArgumentException>(() => flags.Create(command.Parse(["--method", "simba", "--alpha", "0.1"]))).Message, StringComparison.Ordinal);
        Assert.Contains("--max-queries does not apply to --method pgd", Assert.Throws<ArgumentException>(() => flags.Create(command.Parse(["--method", "pgd", "--max-queries", "10"]))).Message, StringComparison.Ordinal);
        Assert.Equal("--order: expected one of random (rand), diagonal (diag), strided, found 'spiral'.",
            Assert.Throws<ArgumentException>(() => flags.Create(command.Parse(["--method", "simba", "--order", "spiral"]))).Message);
        Assert.Equal(SimBAOrder.Diagonal, ((SimBAOptions)flags.Create(command.Parse(["--method", "simba", "--order", "DIAG"]))).Order);
        Assert.Equal("--steps: expected an integer, found '2.5'.", Assert.Throws<ArgumentException>(() => flags.Create(command.Parse(["--method", "pgd", "--steps", "2.5"]))).Message);
        Assert.True(((PgdOptions)flags.Create(command.Parse(["--method", "pgd", "--early-stop"]))).EarlyStop);
    }

    [Fact]
    public void JsonKeysThatDoNotApplyOrAreMisspeltAreErrors()
    {
        var ex = Assert.Throws<MethodOptionException>(() => JsonSerializer.Deserialize<AttackOptions>("{\"method\":\"pgd\",\"epsilon\":0.1}"));
        Assert.Equal("epsilon", ex.Option);
        Assert.Equal("epsilon: does not apply to pgd (no method takes it); pgd takes eps, alpha, steps, random-start, restarts, early-stop, seed, targeted.", ex.Message);
        Assert.Contains("expected one of fgsm, fgm-l2, pgd, pgd-l2, cw, simba, simba-dct, lowfreq-pgd, apgd-ce, apgd-dlr, apgd-t, fab, fab-t, square, autoattack, found 'Pgd'",
            Assert.Throws<MethodOptionException>(() => JsonSerializer.Deserialize<AttackOptions>("{\"method\":\"Pgd\"}")).Message, StringComparison.Ordinal);
        Assert.Equal("eps: expected a number, found \"big\".", Assert.Throws<MethodOptionException>(() => JsonSerializer.Deserialize<AttackOptions>("{\"method\":\"fgsm\",\"eps\":\"big\"}")).Message.Replace("'big'", "\"big\"", StringComparison.Ordinal));
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<AttackOptions>("{\"eps\":0.1}"));
    }

    private static string OtherValue(MethodOption option)
    {
        var t = option.ValueType;
        if (t == typeof(bool))
        {
            return option.Default is true ? "false" : "true";
        }

        if (t.IsEnum)
        {
            return option.Choices.Select(c => c.Split(' ')[0]).First(c => c != option.DefaultText);
        }

        if (t == typeof(AttackList))
        {
            return "square,apgd-ce";
        }

        return t == typeof(int) ? (((int?)option.Default ?? 0) + 3).ToString(System.Globalization.CultureInfo.InvariantCulture) : "0.375";
    }
}
