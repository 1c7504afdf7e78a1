namespace MlNetFreq.Methods.Descriptors;

/// <summary>What a method does with a model and images.</summary>
public enum MethodKind
{
    /// <summary>Perturbs images to change the model's decision (<see cref="Attacks.Attack"/>).</summary>
    Attack,

    /// <summary>Explains which frequencies a model's decision relies on (<see cref="Attribution.OccludedFrequency"/>).</summary>
    Attribution,
}
