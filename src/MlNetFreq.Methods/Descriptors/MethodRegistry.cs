using MlNetFreq.Methods.Attacks;
using MlNetFreq.Methods.Attribution;

namespace MlNetFreq.Methods.Descriptors;

/// <summary>
/// Every method the CLI, the ML.NET transforms, validation policies and saved models can name. Adding a method is
/// one file (its class and its options record) and one line here.
/// </summary>
public static class MethodRegistry
{
    /// <summary>All registered methods.</summary>
    public static IReadOnlyList<MethodDescriptor> All { get; } =
    [
        MethodDescriptor.Of<FgsmOptions>("fgsm", MethodKind.Attack, "Fast Gradient Sign Method (Goodfellow et al. 2015), torchattacks' FGSM."),
        MethodDescriptor.Of<FgmL2Options>("fgm-l2", MethodKind.Attack, "Fast Gradient Method in L2: one step of length ε along the normalised gradient (foolbox's L2FastGradientAttack)."),
        MethodDescriptor.Of<PgdOptions>("pgd", MethodKind.Attack, "Projected gradient descent in the L∞ ball (Madry et al. 2018), torchattacks' PGD."),
        MethodDescriptor.Of<PgdL2Options>("pgd-l2", MethodKind.Attack, "Projected gradient descent in the L2 ball, torchattacks' PGDL2."),
        MethodDescriptor.Of<CarliniWagnerL2Options>("cw", MethodKind.Attack, "Carlini–Wagner L2 (2017) with Adam and an optional binary search over c."),
        MethodDescriptor.Of<SimBAOptions>("simba", MethodKind.Attack, "Simple Black-box Attack (Guo et al. 2019) in the pixel basis; forward passes only."),
        MethodDescriptor.Of<SimBADctOptions>("simba-dct", MethodKind.Attack, "SimBA in the low-frequency DCT basis (Guo et al. 2019)."),
        MethodDescriptor.Of<LowFrequencyPgdOptions>("lowfreq-pgd", MethodKind.Attack, "L∞ PGD restricted to the lowest DCT frequencies (Guo et al. 2018; Sharma et al. 2019)."),
        MethodDescriptor.Of<ApgdOptions>("apgd-ce", MethodKind.Attack, "Auto-PGD on the cross-entropy (Croce & Hein 2020), AutoAttack's first attack."),
        MethodDescriptor.Of<ApgdDlrOptions>("apgd-dlr", MethodKind.Attack, "Auto-PGD on the difference-of-logits-ratio loss (Croce & Hein 2020)."),
        MethodDescriptor.Of<ApgdTargetedOptions>("apgd-t", MethodKind.Attack, "Auto-PGD on the targeted DLR loss over the highest non-true classes (AutoAttack's APGD-T)."),
        MethodDescriptor.Of<FabOptions>("fab", MethodKind.Attack, "Fast Adaptive Boundary attack (Croce & Hein 2020), untargeted: minimum-norm, towards the nearest linearised boundary."),
        MethodDescriptor.Of<FabTargetedOptions>("fab-t", MethodKind.Attack, "FAB towards each of the highest non-true classes in turn (AutoAttack's FAB-T)."),
        MethodDescriptor.Of<SquareOptions>("square", MethodKind.Attack, "Square Attack (Andriushchenko et al. 2020): score-based random square updates of the margin."),
        MethodDescriptor.Of<AutoAttackOptions>("autoattack", MethodKind.Attack, "The AutoAttack ensemble (Croce & Hein 2020): each attack runs on the points still robust; standard or plus version."),
        MethodDescriptor.Of<OccludedFrequencyOptions>("occluded-frequency", MethodKind.Attribution, "Occluded Frequency (Wang et al., Definition 1): the drop of the explained logit when each DCT band is occluded."),
        MethodDescriptor.Of<FourierHeatMapOptions>("fourier-heatmap", MethodKind.Diagnostic, "Fourier heat map (Yin et al. 2019): the error rate under each Fourier (or DCT) basis perturbation of L2 norm v."),
        MethodDescriptor.Of<FilteredAccuracyOptions>("filtered-accuracy", MethodKind.Diagnostic, "Accuracy on low-pass and high-pass images per cut-off radius (Wang et al., CVPR 2020)."),
        MethodDescriptor.Of<CorruptionAccuracyOptions>("corruption-accuracy", MethodKind.Diagnostic, "Accuracy under the common corruptions at each severity, grouped by the band third where each changes the spectrum most (RCT)."),
        MethodDescriptor.Of<GaussianNoiseOptions>("gaussian-noise", MethodKind.Corruption, "Gaussian noise, σ 0.04–0.10 (CIFAR-10-C)."),
        MethodDescriptor.Of<ShotNoiseOptions>("shot-noise", MethodKind.Corruption, "Poisson (shot) noise, λ 500–50 (CIFAR-10-C)."),
        MethodDescriptor.Of<ImpulseNoiseOptions>("impulse-noise", MethodKind.Corruption, "Salt-and-pepper noise, amount 0.01–0.07 (CIFAR-10-C)."),
        MethodDescriptor.Of<SpeckleNoiseOptions>("speckle-noise", MethodKind.Corruption, "Multiplicative Gaussian noise, σ 0.06–0.2 (CIFAR-10-C)."),
        MethodDescriptor.Of<GaussianBlurOptions>("gaussian-blur", MethodKind.Corruption, "Gaussian blur, σ 0.4–1 (CIFAR-10-C)."),
        MethodDescriptor.Of<DefocusBlurOptions>("defocus-blur", MethodKind.Corruption, "Defocus blur with an anti-aliased disk, radius 0.3–1.5 (CIFAR-10-C)."),
        MethodDescriptor.Of<ZoomBlurOptions>("zoom-blur", MethodKind.Corruption, "Zoom blur: the mean of centre zooms up to 1.06–1.25 (CIFAR-10-C)."),
        MethodDescriptor.Of<ContrastOptions>("contrast", MethodKind.Corruption, "Contrast reduced around each channel's mean, factor 0.75–0.15 (CIFAR-10-C)."),
        MethodDescriptor.Of<BrightnessOptions>("brightness", MethodKind.Corruption, "HSV value raised by 0.05–0.3 (CIFAR-10-C)."),
        MethodDescriptor.Of<SaturateOptions>("saturate", MethodKind.Corruption, "HSV saturation scaled and shifted (CIFAR-10-C); RGB only."),
        MethodDescriptor.Of<FogOptions>("fog", MethodKind.Corruption, "Plasma-fractal fog, strength 0.2–1.5 (CIFAR-10-C)."),
        MethodDescriptor.Of<PixelateOptions>("pixelate", MethodKind.Corruption, "BOX down- and up-sampling to 0.95–0.65 of the size (CIFAR-10-C)."),
        MethodDescriptor.Of<JpegOptions>("jpeg", MethodKind.Corruption, "Baseline JPEG at quality 80–40, by our own codec (CIFAR-10-C)."),
    ];

    /// <summary>JSON options that read and write any registered method's options record as <c>{"method": NAME, option: value, …}</c>.</summary>
    public static System.Text.Json.JsonSerializerOptions Json { get; } = new() { Converters = { new MethodOptionsJsonConverter<MethodOptions>() } };

    /// <summary>The methods whose options derive from <paramref name="optionsBase"/> (e.g. every attack for <see cref="AttackOptions"/>).</summary>
    public static IEnumerable<MethodDescriptor> OfType(Type optionsBase) => All.Where(d => optionsBase.IsAssignableFrom(d.OptionsType));

    /// <summary>The method called <paramref name="name"/> among those of <paramref name="optionsBase"/>, or an error listing them.</summary>
    public static MethodDescriptor Get(string name, Type optionsBase) =>
        OfType(optionsBase).FirstOrDefault(d => d.Name == name)
        ?? throw new MethodOptionException("method", $"expected one of {string.Join(", ", OfType(optionsBase).Select(d => d.Name))}, found '{name}'.");

    /// <summary>The method whose options record <paramref name="options"/> is.</summary>
    public static MethodDescriptor Of(MethodOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return All.FirstOrDefault(d => d.OptionsType == options.GetType())
            ?? throw new ArgumentException($"{options.GetType().Name} is not a registered method's options record.", nameof(options));
    }
}
