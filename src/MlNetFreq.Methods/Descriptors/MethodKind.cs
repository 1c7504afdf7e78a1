namespace MlNetFreq.Methods.Descriptors;

/// <summary>What a method does with a model and images.</summary>
public enum MethodKind
{
    /// <summary>Perturbs images to change the model's decision (<see cref="Attacks.Attack"/>).</summary>
    Attack,

    /// <summary>Explains which frequencies a model's decision relies on (<see cref="Attribution.OccludedFrequency"/>).</summary>
    Attribution,

    /// <summary>Measures how a model's accuracy depends on frequencies (Fourier heat map, filtered accuracy, corruption table).</summary>
    Diagnostic,

    /// <summary>A common corruption of images (Hendrycks &amp; Dietterich 2019), a pure function of (image, severity, seed).</summary>
    Corruption,

    /// <summary>
    /// Not a method: an operation's own settings (e.g. <c>dct</c>'s direction and backend), declared as an options record
    /// so that its flags, JSON and messages come from the same descriptors; never in <see cref="MethodRegistry"/>.
    /// </summary>
    Settings,
}
