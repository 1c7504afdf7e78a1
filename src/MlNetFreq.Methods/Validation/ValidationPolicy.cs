using System.Globalization;
using System.Text.Json;
using MlNetFreq.Methods.Diagnostics;
using MlNetFreq.Methods.Descriptors;
using MlNetFreq.Methods.Validation.Kinds;

namespace MlNetFreq.Methods.Validation;

/// <summary>What a check measures.</summary>
public enum CheckKind
{
    /// <summary>Top-1 accuracy on the clean images (with a Wilson 95 % interval).</summary>
    CleanAccuracy,

    /// <summary>Accuracy on the adversarial images of <see cref="ValidationCheck.Attack"/> (with a Wilson 95 % interval).</summary>
    RobustAccuracy,

    /// <summary>High-frequency reliance index of the mean Occluded Frequency profile (share of positive mass in the upper half of the bands).</summary>
    HighFrequencyReliance,

    /// <summary>Median SimBA-DCT queries to fool the model (higher is more robust).</summary>
    SimBAMedianQueries,

    /// <summary>
    /// Robust accuracy under the AutoAttack ensemble (<see cref="ValidationCheck.Attack"/>: an <c>autoattack</c> record, default
    /// standard L∞ 8/255), with the per-attack log; its sanity warnings fail the check when <see cref="ValidationCheck.FailOnWarnings"/>.
    /// </summary>
    AutoAttack,

    /// <summary>Mean error rate of the Fourier heat map over its cells (<see cref="ValidationCheck.Diagnostic"/>: a <c>fourier-heatmap</c> record).</summary>
    HeatMapMeanError,

    /// <summary>Largest error rate of the Fourier heat map (the most damaging frequency).</summary>
    HeatMapMaxError,

    /// <summary>Accuracy on low-pass images at <see cref="ValidationCheck.Radius"/> (Wilson 95 % interval; diagnostic: a <c>filtered-accuracy</c> record for the basis).</summary>
    LowPassAccuracy,

    /// <summary>Accuracy on high-pass images at <see cref="ValidationCheck.Radius"/> (Wilson 95 % interval).</summary>
    HighPassAccuracy,

    /// <summary>Mean accuracy over the common corruptions and severities (diagnostic: a <c>corruption-accuracy</c> record).</summary>
    CorruptionAccuracy,

    /// <summary>Mean accuracy of the worst measured frequency group of corruptions (low, middle or high third of the bands).</summary>
    WorstCorruptionGroupAccuracy,
}

/// <summary>Which number of an accuracy check is compared with its bounds.</summary>
public enum CheckDecision
{
    /// <summary>The measured accuracy itself (default).</summary>
    Estimate,

    /// <summary>The lower end of its Wilson 95 % interval: a minimum passes only when the data show it is met.</summary>
    LowerBound,

    /// <summary>The upper end of its Wilson 95 % interval: fails only when the data show the bound is missed.</summary>
    UpperBound,
}

/// <summary>One gate: a measurement, its bounds and the decision rule.</summary>
public sealed record ValidationCheck
{
    /// <summary>Name in reports and messages.</summary>
    public string Name { get; init; } = "";

    /// <summary>The measurement.</summary>
    public CheckKind Kind { get; init; }

    /// <summary>Lower bound, or null.</summary>
    public double? Min { get; init; }

    /// <summary>Upper bound, or null.</summary>
    public double? Max { get; init; }

    /// <summary>
    /// The attack of <see cref="CheckKind.RobustAccuracy"/> (default: <see cref="PgdOptions"/>), or the SimBA options of
    /// <see cref="CheckKind.SimBAMedianQueries"/> (default: <see cref="SimBADctOptions"/>). In JSON: <c>{"method": "pgd", "eps": 0.1, …}</c>.
    /// </summary>
    public AttackOptions? Attack { get; init; }

    /// <summary>Images used by this check; null: all that were read (the policy's limit at most).</summary>
    public int? Images { get; init; }

    /// <summary>For accuracies, which number is compared with the bounds (other measurements compare their value).</summary>
    public CheckDecision Decision { get; init; } = CheckDecision.Estimate;

    /// <summary>
    /// An AutoAttack check, or a RobustAccuracy check under a gradient attack, fails when the sanity checks raised any
    /// warning (gradient masking, a randomised model…).
    /// </summary>
    public bool FailOnWarnings { get; init; }

    /// <summary>
    /// The options of a frequency diagnostic check: <c>fourier-heatmap</c> for the heat-map checks, <c>filtered-accuracy</c>
    /// (its basis) for the low/high-pass checks, <c>corruption-accuracy</c> for the corruption checks; null: its defaults.
    /// In JSON: <c>{"method": "fourier-heatmap", "perturbation-norm": 4}</c>.
    /// </summary>
    public MethodOptions? Diagnostic { get; init; }

    /// <summary>The cut-off r of a <see cref="CheckKind.LowPassAccuracy"/> or <see cref="CheckKind.HighPassAccuracy"/> check (required there).</summary>
    public double? Radius { get; init; }

    /// <summary>
    /// The attack the check runs: <see cref="Attack"/>, or its kind's default when the policy names none (PGD for
    /// RobustAccuracy, SimBA-DCT for SimBAMedianQueries, standard AutoAttack for AutoAttack); null for the other kinds.
    /// </summary>
    public AttackOptions? AttackOrDefault() => Attack ?? Kinds.CheckKinds.Of(Kind).DefaultAttack;
}

/// <summary>
/// A set of checks: the model-validation gate. Read strictly (<see cref="Parse"/>), because a gate must never pass
/// because of a mistake in its own configuration: unknown keys, kinds or methods, a check without a bound, non-positive
/// counts and an empty policy are errors that name the key and list the valid ones.
/// </summary>
public sealed record ValidationPolicy
{
    private static readonly string[] PolicyKeys = ["limit", "checks"];
    private static readonly string[] CheckKeys = ["name", "kind", "min", "max", "images", "attack", "decision", "fail-on-warnings", "diagnostic", "radius"];
    private static readonly string[] Decisions = ["estimate", "lower-bound", "upper-bound"];

    /// <summary>The checks, in order.</summary>
    public IReadOnlyList<ValidationCheck> Checks { get; init; } = [];

    /// <summary>
    /// The policy as a policy file writes it — the keys <see cref="Parse"/> reads, attacks and diagnostics with every
    /// option — so the policy a report records loads as a policy again and means the same.
    /// </summary>
    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteNumber("limit", Limit);
            w.WriteStartArray("checks");
            foreach (var c in Checks)
            {
                w.WriteStartObject();
                w.WriteString("name", c.Name);
                w.WriteString("kind", c.Kind.ToString());
                WriteIf(w, "min", c.Min);
                WriteIf(w, "max", c.Max);
                WriteIf(w, "images", c.Images);
                WriteIf(w, "radius", c.Radius);
                if (c.Decision != CheckDecision.Estimate)
                {
                    w.WriteString("decision", Decisions[(int)c.Decision]);
                }

                if (c.FailOnWarnings)
                {
                    w.WriteBoolean("fail-on-warnings", true);
                }

                if (c.Attack is { } attack)
                {
                    w.WritePropertyName("attack");
                    JsonSerializer.Serialize(w, attack);
                }

                if (c.Diagnostic is { } diagnostic)
                {
                    w.WritePropertyName("diagnostic");
                    JsonSerializer.Serialize(w, diagnostic, MethodRegistry.Json);
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteIf(Utf8JsonWriter w, string key, double? value)
    {
        if (value is { } v)
        {
            w.WriteNumber(key, v);
        }
    }

    /// <summary>Images read from the data set at most.</summary>
    public int Limit { get; init; } = 1000;

    /// <summary>Reads and checks a policy file.</summary>
    public static ValidationPolicy Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: expected a policy JSON file, found nothing at that path.", path);
        }

        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Parses and checks policy JSON; <paramref name="source"/> names it in messages.</summary>
    public static ValidationPolicy Parse(string json, string source)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            throw new PolicyException(source, $"expected policy JSON, found invalid JSON ({ex.Message})");
        }

        using (document)
        {
            var root = document.RootElement;
            Keys(root, PolicyKeys, source, "the policy");
            int limit = root.TryGetProperty("limit", out var l) ? Positive(l, source, "limit") : 1000;
            if (!root.TryGetProperty("checks", out var checks) || checks.ValueKind != JsonValueKind.Array || checks.GetArrayLength() == 0)
            {
                throw new PolicyException(source, "expected \"checks\": a non-empty array of checks, found none; a gate without checks would pass anything.");
            }

            var policy = new ValidationPolicy { Limit = limit, Checks = [.. checks.EnumerateArray().Select((c, i) => Check(c, source, $"checks[{i}]"))] };
            policy.Validate(source);
            return policy;
        }
    }

    /// <summary>
    /// Throws <see cref="PolicyException"/> when a check cannot measure what it names on the <paramref name="images"/>
    /// images read, of <paramref name="height"/> × <paramref name="width"/> pixels: a check that asks for more images
    /// than were read (it would measure fewer than it names), or a low- or high-pass cut-off that splits nothing off (0,
    /// or beyond the spectrum's farthest frequency: it would gate the accuracy on the clean or on blank images).
    /// </summary>
    public void CheckAgainstData(int images, int height, int width, string source = "policy")
    {
        for (int i = 0; i < Checks.Count; i++)
        {
            var c = Checks[i];
            if (c.Images > images)
            {
                throw new PolicyException(source, $"checks[{i}] ('{c.Name}'): images: expected at most the {images} images read from the data, found {c.Images}: the check would measure fewer images than it names.");
            }

            if (c.Radius is not { } r)
            {
                continue;
            }

            var basis = (c.Diagnostic as FilteredAccuracyOptions)?.Basis ?? new FilteredAccuracyOptions().Basis;
            if (FrequencySplit.CutOffProblem(basis, height, width, r) is { } problem)
            {
                throw new PolicyException(source, $"checks[{i}] ('{c.Name}'): radius: {problem}");
            }
        }
    }

    /// <summary>Throws <see cref="PolicyException"/> unless the policy has checks and every check can decide.</summary>
    public void Validate(string source = "policy")
    {
        if (Checks.Count == 0)
        {
            throw new PolicyException(source, "expected at least one check, found none; a gate without checks would pass anything.");
        }

        if (Limit < 1)
        {
            throw new PolicyException(source, $"limit: expected at least 1 image, found {Limit}.");
        }

        for (int i = 0; i < Checks.Count; i++)
        {
            var c = Checks[i];
            string where = $"checks[{i}] ('{c.Name}')";
            if (c.Min is null && c.Max is null)
            {
                throw new PolicyException(source, $"{where}: expected \"min\" or \"max\", found neither; a check without a bound cannot fail.");
            }

            CheckBounds(c, source, where);
            if (c.Images is < 1)
            {
                throw new PolicyException(source, $"{where}: images: expected at least 1 (or no key: all images), found {c.Images}.");
            }

            if (c.Images > Limit)
            {
                throw new PolicyException(source, $"{where}: images: expected at most the policy's limit of {Limit} images read, found {c.Images}: the check would measure fewer images than it names.");
            }

            var kind = CheckKinds.Of(c.Kind);
            if (!kind.IsProportion && c.Decision != CheckDecision.Estimate)
            {
                throw new PolicyException(source, $"{where}: decision applies to accuracy checks (with an interval), not to {c.Kind}.");
            }

            if (c.Attack is not null && kind.DefaultAttack is null)
            {
                var attacking = CheckKinds.All.Where(k => k.DefaultAttack is not null).Select(k => k.Kind.ToString()).ToArray();
                throw new PolicyException(source, $"{where}: attack applies to {string.Join(", ", attacking[..^1])} and {attacking[^1]} checks, not to {c.Kind}.");
            }

            if (c.Attack is not null && kind.RefuseAttack(c.Attack) is { } wrongAttack)
            {
                throw new PolicyException(source, $"{where}: {wrongAttack}");
            }

            if (c.FailOnWarnings && kind.RefuseFailOnWarnings(c) is { } noWarnings)
            {
                throw new PolicyException(source, $"{where}: {noWarnings}");
            }

            var diagnosticType = kind.DiagnosticType;
            if (c.Diagnostic is not null && (diagnosticType is null || c.Diagnostic.GetType() != diagnosticType))
            {
                string expected = diagnosticType is null ? "no diagnostic" : $"a {MethodRegistry.All.First(d => d.OptionsType == diagnosticType).Name} diagnostic";
                throw new PolicyException(source, $"{where}: a {c.Kind} check takes {expected}, found {MethodRegistry.Of(c.Diagnostic).Name}.");
            }

            if (kind.NeedsRadius != c.Radius.HasValue)
            {
                var cutting = CheckKinds.All.Where(k => k.NeedsRadius).Select(k => k.Kind.ToString());
                throw new PolicyException(source, kind.NeedsRadius
                    ? $"{where}: a {c.Kind} check needs \"radius\": the cut-off whose accuracy is gated, found none."
                    : $"{where}: radius applies to {string.Join(" and ", cutting)} checks, not to {c.Kind}.");
            }

            if (c.Radius is { } r && !(r >= 0))
            {
                throw new PolicyException(source, $"{where}: radius: expected a number ≥ 0, found {r}.");
            }

            if (c.Diagnostic is FilteredAccuracyOptions { } f && !f.Radii.Equals(RadiusList.Paper) && !(f.Radii.Radii.Count == 1 && f.Radii.Radii[0] == c.Radius))
            {
                throw new PolicyException(source, $"{where}: diagnostic radii '{f.Radii}' differ from the check's radius {c.Radius}: the check gates one radius; leave radii out of the diagnostic.");
            }

            if (c.Attack is { Targeted: true })
            {
                // The checks attack the data's true labels; a targeted attack would read them as targets to reach and
                // count reaching the true class as a success.
                throw new PolicyException(source, $"{where}: attack option \"targeted\": a check attacks the true labels (robust accuracy, queries to a misclassification); a targeted attack would take them as targets to reach.");
            }
        }
    }

    // Every kind but SimBAMedianQueries measures a share in [0, 1] (an accuracy, an error rate, a share of OF mass); a
    // bound outside it is a typo (85 for 0.85, 10 for 0.10), and bounds that every possible value meets make a check that
    // cannot fail (unless its warnings can fail it).
    private static void CheckBounds(ValidationCheck c, string source, string where)
    {
        bool share = CheckKinds.Of(c.Kind).MeasuresShare;
        foreach (var (key, bound) in new[] { ("min", c.Min), ("max", c.Max) })
        {
            if (bound is { } b && (!double.IsFinite(b) || (share ? b is < 0 or > 1 : b < 0)))
            {
                string range = share ? $"in [0, 1] (a {c.Kind} check measures a share)" : "≥ 0 (a query count)";
                throw new PolicyException(source, $"{where}: {key}: expected a bound {range}, found {b.ToString("R", CultureInfo.InvariantCulture)}.");
            }
        }

        // Unfooled images count as ∞ queries, so any max on the median can fail; shares cannot exceed 1.
        bool canFail = c.Min > 0 || (share ? c.Max < 1 : c.Max is not null);
        if (!canFail && !c.FailOnWarnings)
        {
            string bounds = string.Join(" and ", new[] { ("min", c.Min), ("max", c.Max) }.Where(p => p.Item2 is not null)
                .Select(p => $"{p.Item1} {p.Item2!.Value.ToString("R", CultureInfo.InvariantCulture)}"));
            throw new PolicyException(source, $"{where}: {bounds} holds for every value a {c.Kind} check can measure: the check cannot fail.");
        }
    }

    private static ValidationCheck Check(JsonElement c, string source, string where)
    {
        Keys(c, CheckKeys, source, where);
        string? kindText = c.TryGetProperty("kind", out var k) && k.ValueKind == JsonValueKind.String ? k.GetString() : null;
        var kinds = Enum.GetNames<CheckKind>();
        string kindName = kinds.FirstOrDefault(n => n.Equals(kindText, StringComparison.OrdinalIgnoreCase))
            ?? throw new PolicyException(source, $"{where}: kind: expected one of {string.Join(", ", kinds)}, found {(kindText is null ? "none" : $"'{kindText}'")}.");
        var check = new ValidationCheck
        {
            Name = c.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()! : kindName,
            Kind = Enum.Parse<CheckKind>(kindName),
            Min = c.TryGetProperty("min", out var min) ? Number(min, source, $"{where}: min") : null,
            Max = c.TryGetProperty("max", out var max) ? Number(max, source, $"{where}: max") : null,
            Images = c.TryGetProperty("images", out var images) ? Positive(images, source, $"{where}: images") : null,
            Decision = c.TryGetProperty("decision", out var d) ? Decision(d, source, where) : CheckDecision.Estimate,
            FailOnWarnings = c.TryGetProperty("fail-on-warnings", out var f) && Boolean(f, source, $"{where}: fail-on-warnings"),
            Radius = c.TryGetProperty("radius", out var radius) ? Number(radius, source, $"{where}: radius") : null,
        };
        if (c.TryGetProperty("diagnostic", out var diagnostic))
        {
            try
            {
                check = check with { Diagnostic = JsonSerializer.Deserialize<MethodOptions>(diagnostic.GetRawText(), MethodRegistry.Json) };
            }
            catch (MethodOptionException ex)
            {
                throw new PolicyException(source, $"{where}: diagnostic option \"{ex.Option}\": {ex.Problem}");
            }
            catch (Exception ex) when (ex is JsonException or ArgumentException)
            {
                throw new PolicyException(source, $"{where}: diagnostic: {ex.Message}");
            }
        }

        if (c.TryGetProperty("attack", out var attack))
        {
            try
            {
                check = check with { Attack = JsonSerializer.Deserialize<AttackOptions>(attack.GetRawText()) };
            }
            catch (MethodOptionException ex)
            {
                throw new PolicyException(source, $"{where}: attack option \"{ex.Option}\": {ex.Problem}");
            }
            catch (JsonException ex)
            {
                throw new PolicyException(source, $"{where}: attack: {ex.Message}");
            }
        }

        return check;
    }

    private static void Keys(JsonElement e, string[] valid, string source, string where)
    {
        if (e.ValueKind != JsonValueKind.Object)
        {
            throw new PolicyException(source, $"{where}: expected a JSON object, found {e.ValueKind}.");
        }

        if (e.EnumerateObject().GroupBy(p => p.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            // JSON readers keep the last of duplicate keys ("min": 0.8, "min": 0.2 gates at 0.2): a gate must not guess.
            throw new PolicyException(source, $"{where}: key \"{twice.Key}\": expected once, found {twice.Count()} times.");
        }

        foreach (var p in e.EnumerateObject().Where(p => !valid.Contains(p.Name)))
        {
            throw new PolicyException(source, $"{where}: unknown key \"{p.Name}\"; expected one of {string.Join(", ", valid)}.");
        }
    }

    private static double Number(JsonElement e, string source, string what) =>
        e.ValueKind == JsonValueKind.Number && e.TryGetDouble(out double v) && double.IsFinite(v) ? v
        : throw new PolicyException(source, $"{what}: expected a number, found {e.GetRawText()}.");

    private static bool Boolean(JsonElement e, string source, string what) =>
        e.ValueKind is JsonValueKind.True or JsonValueKind.False ? e.GetBoolean()
        : throw new PolicyException(source, $"{what}: expected true or false, found {e.GetRawText()}.");

    private static int Positive(JsonElement e, string source, string what) =>
        e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out int v) && v >= 1 ? v
        : throw new PolicyException(source, $"{what}: expected a whole number ≥ 1, found {e.GetRawText()}.");

    private static CheckDecision Decision(JsonElement e, string source, string where)
    {
        int i = Array.IndexOf(Decisions, e.ValueKind == JsonValueKind.String ? e.GetString() : null);
        return i >= 0 ? (CheckDecision)i : throw new PolicyException(source, $"{where}: decision: expected one of {string.Join(", ", Decisions)}, found {e.GetRawText()}.");
    }
}

/// <summary>A policy that cannot gate: its source and what is wrong.</summary>
public sealed class PolicyException(string source, string problem) : ArgumentException($"{source}: {problem}");
