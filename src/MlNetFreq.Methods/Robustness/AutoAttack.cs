using MlNetFreq.Methods.Attacks;
using MlNetFreq.Methods.Common;
using MlNetFreq.Methods.Descriptors;
using MlNetFreq.Methods.Robustness;
using MlNetFreq.Onnx.Losses;
using MlNetFreq.Onnx.Sessions;

namespace MlNetFreq
{
    /// <summary>
    /// Options of <see cref="AutoAttack"/> (Croce &amp; Hein, ICML 2020): the threat model, the version and the attacks;
    /// each attack runs with its own record's defaults and the version's restarts; FAB stops refining a sample once it is broken
    /// (same robust accuracy, fewer passes).
    /// </summary>
    [OptionDoesNotApply("targeted")]
    public sealed record AutoAttackOptions : AttackOptions
    {
        /// <summary>Threat model.</summary>
        [MethodOption("norm", "Threat model: linf (max |δ| ≤ ε) or l2 (‖δ‖₂ ≤ ε).")]
        public PerturbationNorm Norm { get; init; } = PerturbationNorm.Linf;

        /// <summary>Budget ε of the norm.</summary>
        [MethodOption("eps", "Budget ε of the norm (8/255 is CIFAR-10's L∞ standard; 0.5 its L2 one).")]
        public double Eps { get; init; } = 8.0 / 255;

        /// <summary>The reference's version.</summary>
        [MethodOption("version", "standard: apgd-ce, apgd-t, fab-t, square (1 restart each, 9 targets); plus: apgd-ce, apgd-dlr, fab (5 restarts each), square, apgd-t, fab-t.")]
        public AutoAttackVersion Version { get; init; } = AutoAttackVersion.Standard;

        /// <summary>The attacks, in order (the version's by default).</summary>
        [MethodOption("attacks", "Attacks in order, comma-separated (apgd-ce, apgd-dlr, apgd-t, fab, fab-t, square), or 'version' for the version's list; restarts follow the version.")]
        public AttackList Attacks { get; init; } = AttackList.Version;

        /// <summary>The attacks this record runs on a model with <paramref name="classes"/> classes, with their options (targets: 9, or all other classes when fewer).</summary>
        public IReadOnlyList<(string Name, AttackOptions Options)> Plan(int classes = 10)
        {
            int targets = Math.Min(9, classes - 1);
            bool plus = Version == AutoAttackVersion.Plus;
            return Attacks.For(Version).Select(name => (name, name switch
            {
                "apgd-ce" => (AttackOptions)new ApgdOptions { Norm = Norm, Eps = Eps, Seed = Seed, Restarts = plus ? 5 : 1 },
                "apgd-dlr" => new ApgdDlrOptions { Norm = Norm, Eps = Eps, Seed = Seed, Restarts = plus ? 5 : 1 },
                "apgd-t" => new ApgdTargetedOptions { Norm = Norm, Eps = Eps, Seed = Seed, TargetClasses = targets },
                "fab" => new FabOptions { Norm = Norm, Eps = Eps, Seed = Seed, Restarts = 5, EarlyStop = true },
                "fab-t" => new FabTargetedOptions { Norm = Norm, Eps = Eps, Seed = Seed, TargetClasses = targets, EarlyStop = true },
                "square" => new SquareOptions { Norm = Norm, Eps = Eps, Seed = Seed },
                _ => throw new MethodOptionException("attacks", $"expected one of {string.Join(", ", AttackList.Names)}, found '{name}'."),
            })).ToArray();
        }

        /// <inheritdoc />
        public override double? BudgetRadius => Eps;

        /// <inheritdoc />
        public override bool L2Budget => Norm == PerturbationNorm.L2;

        /// <inheritdoc />
        public override Attack Create(ModelSession model) => new AutoAttack(model, this);

        /// <inheritdoc />
        protected override IEnumerable<(string Option, string Problem)> Problems() =>
            Budget().Concat(Targeted ? [("targeted", "AutoAttack is untargeted (apgd-t and fab-t choose their targets from the true labels).")] : []);
    }
}

namespace MlNetFreq.Methods.Robustness
{
    /// <summary>
    /// The AutoAttack ensemble: points the model misclassifies count as non-robust and are skipped; each attack then runs
    /// only on the points still robust, and a point is broken when the attack's output is misclassified and within the ε-ball
    /// (checked here, whatever the attack reports). <see cref="Evaluate"/> gives the reference's log — robust accuracy
    /// after each attack — with per-sample outcomes and the sanity checks; as an <see cref="Attack"/> it returns the
    /// adversarial images (broken points' adversarial images, robust points unchanged).
    /// </summary>
    public sealed class AutoAttack(ModelSession model, AutoAttackOptions? options = null) : Attack(model, options ?? new AutoAttackOptions())
    {
        private AutoAttackOptions Settings => (AutoAttackOptions)Options;

        /// <summary>Called after each attack with the state so far (for checkpoints); the CLI writes it to a state file.</summary>
        public Action<AutoAttackState>? AttackFinished { get; set; }

        /// <summary>
        /// Whether <see cref="Evaluate"/> runs the checks made before the attacks on its first images (default). A cluster
        /// shard turns them off: the job's checks run once, on the job's first images, as on one machine.
        /// </summary>
        public bool CheckBeforeRun { get; set; } = true;

        /// <inheritdoc />
        protected override void CheckAgainstModel()
        {
            foreach (var (_, options) in Settings.Plan(Model.Classes))
            {
                var attack = options.Create(Model);
                attack.MaxBatchSize = MaxBatchSize;
                attack.CheckModel();
            }
        }

        /// <summary>
        /// Runs the ensemble on images [n, C, H, W] in [0, 1] with their true labels. <paramref name="resume"/> (a state
        /// from <see cref="AttackFinished"/> with the same options and data) skips the attacks it has finished.
        /// </summary>
        public AutoAttackReport Evaluate(ReadOnlySpan<float> images, ReadOnlySpan<int> labels, IProgress<(string Attack, int Done, int Total)>? progress = null,
            AutoAttackState? resume = null, long firstIndex = 0, CancellationToken cancellation = default)
        {
            CheckInputs(images, labels);
            int n = labels.Length, k = Model.Classes;
            var x = images.ToArray();
            var y = labels.ToArray();
            var plan = Settings.Plan(Model.Classes);
            var warnings = CheckBeforeRun ? SanityChecks.BeforeRun(Model, x, y, plan.Select(p => p.Name).ToArray()) : [];
            var state = resume ?? AutoAttackState.Start(Settings, x, y, Model.Forward(x, n), k);
            state.CheckMatches(Settings, x, y);
            long start = System.Diagnostics.Stopwatch.GetTimestamp();
            RunPlan(x, y, Enumerable.Range(0, n).Select(i => firstIndex + i).ToArray(), state, progress, cancellation);
            warnings.AddRange(SanityChecks.AfterRun(n, state.CleanCorrect, state.RobustAfter));
            return AutoAttackReport.From(Settings, state, x, warnings, System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalSeconds);
        }

        /// <inheritdoc />
        protected override float[] Perturb(float[] x, int[] labels, long[] indices, int[] iterations, CancellationToken cancellation)
        {
            // As a plain attack (ML.NET transform, policies): the ensemble on this chunk, seeded by the rows' indices.
            var state = AutoAttackState.Start(Settings, x, labels, Model.Forward(x, labels.Length), Model.Classes);
            RunPlan(x, labels, indices, state, null, cancellation);
            for (int i = 0; i < labels.Length; i++)
            {
                iterations[i] = state.Iterations[i].Values.Sum();
            }

            return state.Adversarial;
        }

        // Each unfinished attack of the plan on the samples still robust; a sample is broken when the attack's output is
        // misclassified and within the ball.
        private void RunPlan(float[] x, int[] y, long[] indices, AutoAttackState state, IProgress<(string Attack, int Done, int Total)>? progress, CancellationToken cancellation)
        {
            int len = ImageLength;
            foreach (var (name, options) in Settings.Plan(Model.Classes))
            {
                if (state.Finished.Contains(name))
                {
                    continue;
                }

                int[] rows = Enumerable.Range(0, y.Length).Where(i => state.BrokenBy[i] is null).ToArray();
                if (rows.Length > 0)
                {
                    var attack = options.Create(Model);
                    attack.MaxBatchSize = MaxBatchSize;
                    var subset = Perturbations.GatherRows(x, rows, len);

                    // Reported on this thread, in order (System.Progress would post to the thread pool).
                    var counts = progress is null ? null : new Relay(done => progress.Report((name, done, rows.Length)));
                    var result = attack.Run(subset, rows.Select(i => y[i]).ToArray(), rows.Select(i => indices[i]).ToArray(), counts, cancellation);
                    for (int r = 0; r < rows.Length; r++)
                    {
                        int i = rows[r];
                        state.Iterations[i][name] = result.Iterations[r];
                        var candidate = result.Adversarial.AsSpan(r * len, len);
                        if (result.AdversarialClass[r] != y[i] && WithinBall(candidate, x.AsSpan(i * len, len)))
                        {
                            state.BrokenBy[i] = name;
                            candidate.CopyTo(state.Adversarial.AsSpan(i * len, len));
                        }
                    }
                }

                state.Finished.Add(name);
                state.RobustAfter[name] = state.BrokenBy.Count(b => b is null);
                AttackFinished?.Invoke(state);
            }
        }

        private sealed class Relay(Action<int> report) : IProgress<int>
        {
            public void Report(int value) => report(value);
        }

        // The reference's final check: the perturbation's norm within ε (float rounding of the projection allowed).
        private bool WithinBall(ReadOnlySpan<float> adversarial, ReadOnlySpan<float> x) =>
            Perturbations.Norm(adversarial, x, Settings.Norm == PerturbationNorm.L2) <= Settings.Eps * (1 + 1e-5) + 1e-6;
    }
}
