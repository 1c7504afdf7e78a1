using System.CommandLine;
using MlNetFreq.Methods.Attacks;
using MlNetFreq.Onnx.Sessions;

namespace MlNetFreq.Cli.Commands;

/// <summary>The attack method and hyper-parameter options shared by <c>attack</c> and <c>bench attack</c>.</summary>
internal sealed class AttackOptions
{
    public Option<string> Method { get; } = new("--method")
    {
        Description = "Attack: fgsm, pgd (L∞), pgd-l2, cw (Carlini–Wagner L2), simba (pixel basis), simba-dct, lowfreq-pgd.",
        Required = true,
    };

    public Option<double?> Eps { get; } = new("--eps") { Description = "Budget ε (L∞ for fgsm/pgd/lowfreq-pgd, L2 for pgd-l2, step for SimBA). Defaults: 8/255, 8/255, 1.0, 0.2, 0.03." };

    public Option<double?> Alpha { get; } = new("--alpha") { Description = "PGD step size α (defaults: 2/255 L∞, 0.2 L2, 0.01 low-frequency)." };

    public Option<int?> Steps { get; } = new("--steps") { Description = "Gradient steps (PGD default 10, low-frequency 20, CW 50 Adam steps per c)." };

    public Option<int> Restarts { get; } = new("--restarts") { Description = "PGD restarts; each sample keeps its best (a success first, then the highest loss).", DefaultValueFactory = _ => 1 };

    public Option<bool> RandomStart { get; } = new("--random-start") { Description = "PGD random start in the ε-ball (true|false, default true).", DefaultValueFactory = _ => true };

    public Option<bool> EarlyStop { get; } = new("--early-stop") { Description = "PGD: stop updating a sample once it is adversarial." };

    public Option<double> C { get; } = new("--c") { Description = "CW initial constant c (default 1).", DefaultValueFactory = _ => 1.0 };

    public Option<double> Kappa { get; } = new("--kappa") { Description = "CW confidence κ (default 0).", DefaultValueFactory = _ => 0.0 };

    public Option<int> BinarySteps { get; } = new("--binary-steps") { Description = "CW binary-search steps over c (default 1: no search).", DefaultValueFactory = _ => 1 };

    public Option<double> Lr { get; } = new("--lr") { Description = "CW Adam learning rate (default 0.01).", DefaultValueFactory = _ => 0.01 };

    public Option<double?> ProjectL2 { get; } = new("--project-l2") { Description = "CW: project the final δ onto the L2 ball of this radius (the paper's Experiment I)." };

    public Option<int> FreqDims { get; } = new("--freq-dims") { Description = "SimBA-DCT: side of the low-frequency block searched (0: whole image; strided order: initial block).", DefaultValueFactory = _ => 0 };

    public Option<string> Order { get; } = new("--order") { Description = "SimBA coordinate order: rand, diag or strided.", DefaultValueFactory = _ => "rand" };

    public Option<int> MaxQueries { get; } = new("--max-queries") { Description = "SimBA query budget per image (0: two per coordinate).", DefaultValueFactory = _ => 0 };

    public Option<double> LinfBound { get; } = new("--linf-bound") { Description = "SimBA: clip the total perturbation to this L∞ bound (0: none).", DefaultValueFactory = _ => 0.0 };

    public Option<double> Ratio { get; } = new("--ratio") { Description = "Low-frequency PGD: kept fraction of each frequency axis (default 0.125).", DefaultValueFactory = _ => 0.125 };

    public Option<int?> TargetClass { get; } = new("--target-class") { Description = "Targeted attack: push every image to this class (labels are then ignored for the objective)." };

    public Option<int> Seed { get; } = new("--seed") { Description = "Seed of every random choice (random starts, SimBA orders).", DefaultValueFactory = _ => 0 };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Method, Eps, Alpha, Steps, Restarts, RandomStart, EarlyStop, C, Kappa, BinarySteps, Lr, ProjectL2, FreqDims, Order, MaxQueries, LinfBound, Ratio, TargetClass, Seed })
        {
            command.Add(option);
        }

        Method.AcceptOnlyFromAmong("fgsm", "pgd", "pgd-l2", "cw", "simba", "simba-dct", "lowfreq-pgd");
        Order.AcceptOnlyFromAmong("rand", "diag", "strided");
    }

    public AttackSettings Settings(ParseResult r) => new()
    {
        Method = r.GetRequiredValue(Method) switch
        {
            "fgsm" => AttackMethod.Fgsm,
            "pgd" => AttackMethod.Pgd,
            "pgd-l2" => AttackMethod.PgdL2,
            "cw" => AttackMethod.CarliniWagner,
            "simba" => AttackMethod.SimBA,
            "simba-dct" => AttackMethod.SimBADct,
            _ => AttackMethod.LowFrequencyPgd,
        },
        Eps = r.GetValue(Eps), Alpha = r.GetValue(Alpha), Steps = r.GetValue(Steps), Restarts = r.GetValue(Restarts), RandomStart = r.GetValue(RandomStart),
        EarlyStop = r.GetValue(EarlyStop), C = r.GetValue(C), Kappa = r.GetValue(Kappa), BinarySearchSteps = r.GetValue(BinarySteps), Lr = r.GetValue(Lr),
        ProjectL2 = r.GetValue(ProjectL2), FreqDims = r.GetValue(FreqDims), MaxQueries = r.GetValue(MaxQueries), LinfBound = r.GetValue(LinfBound), Ratio = r.GetValue(Ratio),
        Order = r.GetValue(Order) switch { "diag" => SimBAOrder.Diagonal, "strided" => SimBAOrder.Strided, _ => SimBAOrder.Random },
        Targeted = r.GetValue(TargetClass) is not null, Seed = r.GetValue(Seed),
    };

    public Attack Create(ParseResult r, ModelSession model) => Settings(r).Create(model);
}
