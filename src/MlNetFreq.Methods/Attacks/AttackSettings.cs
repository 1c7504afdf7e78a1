namespace MlNetFreq.Methods.Attacks;

/// <summary>The attacks <see cref="AttackSettings"/> can build.</summary>
public enum AttackMethod
{
    /// <summary><see cref="Attacks.Fgsm"/>.</summary>
    Fgsm,

    /// <summary><see cref="Attacks.Pgd"/> (L∞).</summary>
    Pgd,

    /// <summary><see cref="Attacks.PgdL2"/>.</summary>
    PgdL2,

    /// <summary><see cref="CarliniWagnerL2"/>.</summary>
    CarliniWagner,

    /// <summary><see cref="Attacks.SimBA"/> in the pixel basis.</summary>
    SimBA,

    /// <summary><see cref="Attacks.SimBA"/> in the DCT basis.</summary>
    SimBADct,

    /// <summary><see cref="LowFrequencyPgd"/>.</summary>
    LowFrequencyPgd,
}

/// <summary>
/// Plain, serialisable settings of any attack (what the command line and the ML.NET transformer take). Null values
/// keep each attack's own defaults, which follow torchattacks and the reference implementations.
/// </summary>
public sealed record AttackSettings
{
    /// <summary>The attack.</summary>
    public AttackMethod Method { get; init; } = AttackMethod.Pgd;

    /// <summary>Budget ε (L∞, L2 for PGD-L2, step for SimBA).</summary>
    public double? Eps { get; init; }

    /// <summary>PGD step size α.</summary>
    public double? Alpha { get; init; }

    /// <summary>Gradient steps (PGD) or Adam steps per c (CW).</summary>
    public int? Steps { get; init; }

    /// <summary>PGD restarts.</summary>
    public int Restarts { get; init; } = 1;

    /// <summary>PGD random start.</summary>
    public bool RandomStart { get; init; } = true;

    /// <summary>PGD per-sample early stop.</summary>
    public bool EarlyStop { get; init; }

    /// <summary>CW initial c.</summary>
    public double C { get; init; } = 1;

    /// <summary>CW confidence κ.</summary>
    public double Kappa { get; init; }

    /// <summary>CW binary-search steps.</summary>
    public int BinarySearchSteps { get; init; } = 1;

    /// <summary>CW Adam learning rate.</summary>
    public double Lr { get; init; } = 0.01;

    /// <summary>CW final L2 projection radius.</summary>
    public double? ProjectL2 { get; init; }

    /// <summary>SimBA low-frequency block side (0: whole image).</summary>
    public int FreqDims { get; init; }

    /// <summary>SimBA order.</summary>
    public SimBAOrder Order { get; init; } = SimBAOrder.Random;

    /// <summary>SimBA query budget (0: two per coordinate).</summary>
    public int MaxQueries { get; init; }

    /// <summary>SimBA L∞ bound (0: none).</summary>
    public double LinfBound { get; init; }

    /// <summary>Low-frequency PGD kept ratio.</summary>
    public double Ratio { get; init; } = 0.125;

    /// <summary>Targeted attack: labels are the targets.</summary>
    public bool Targeted { get; init; }

    /// <summary>Seed of every random choice.</summary>
    public int Seed { get; init; }

    /// <summary>Builds the attack on <paramref name="model"/>.</summary>
    public Attack Create(Onnx.Sessions.ModelSession model)
    {
        Attack attack = Method switch
        {
            AttackMethod.Fgsm => new Fgsm(model),
            AttackMethod.Pgd => new Pgd(model),
            AttackMethod.PgdL2 => new PgdL2(model),
            AttackMethod.LowFrequencyPgd => new LowFrequencyPgd(model) { Ratio = Ratio },
            AttackMethod.CarliniWagner => new CarliniWagnerL2(model)
            {
                C = C, Kappa = Kappa, Steps = Steps ?? 50, Lr = Lr, BinarySearchSteps = BinarySearchSteps, ProjectL2 = ProjectL2,
            },
            AttackMethod.SimBA or AttackMethod.SimBADct => new SimBA(model)
            {
                Basis = Method == AttackMethod.SimBA ? SimBABasis.Pixel : SimBABasis.Dct, Eps = Eps ?? 0.2, FreqDims = FreqDims, MaxQueries = MaxQueries,
                LinfBound = LinfBound, Order = Order,
            },
            _ => throw new InvalidOperationException($"Unknown attack method {Method}."),
        };
        switch (attack)
        {
            case Fgsm fgsm:
                fgsm.Eps = Eps ?? fgsm.Eps;
                break;
            case ProjectedGradientDescent pgd:
                pgd.Eps = Eps ?? pgd.Eps;
                pgd.Alpha = Alpha ?? pgd.Alpha;
                pgd.Steps = Steps ?? pgd.Steps;
                pgd.Restarts = Restarts;
                pgd.RandomStart = RandomStart;
                pgd.EarlyStop = EarlyStop;
                break;
        }

        attack.Targeted = Targeted;
        attack.Seed = Seed;
        return attack;
    }
}
