using MlNetFreq.Methods.Common;
using MlNetFreq.Methods.Descriptors;
using MlNetFreq.Spectral.Tensors;

namespace MlNetFreq.Methods.Corruptions;

/// <summary>
/// A common corruption: a pure function of (image, severity, seed) on float32 [C, H, W] images in [0, 1], any H × W,
/// one or three channels. The output stays in float (the reference rounds down to 8 bits when it saves CIFAR-10-C; we
/// keep the value before that cast). Random corruptions draw from a stream that depends only on the seed and the image's
/// index, so results do not depend on batch size or threads.
/// </summary>
public abstract class Corruption
{
    /// <summary>A corruption with <paramref name="options"/>.</summary>
    protected Corruption(CorruptionOptions options)
    {
        Options = options ?? throw new ArgumentNullException(nameof(options));
        Options.Validate();
    }

    /// <summary>The options.</summary>
    public CorruptionOptions Options { get; }

    /// <summary>The registered name (e.g. <c>gaussian-noise</c>).</summary>
    public string Name => MethodRegistry.Of(Options).Name;

    /// <summary>Index of the severity (0–4) into the parameter tables.</summary>
    protected int Level => Options.Severity - 1;

    /// <summary>Why the corruption has no meaning for images of <paramref name="channels"/> channels, or null when it has one.</summary>
    public virtual string? NotApplicable(int channels) => channels is 1 or 3 ? null : $"expected 1 (gray) or 3 (RGB) channels, found {channels}";

    /// <summary>Corrupts a batch; image i's random draws depend on the seed and firstIndex + i.</summary>
    public float[] Apply(ReadOnlySpan<float> images, ImageBatchShape shape, long firstIndex = 0)
    {
        var identities = new long[shape.N];
        for (int i = 0; i < identities.Length; i++)
        {
            identities[i] = firstIndex + i;
        }

        var output = new float[images.Length];
        Apply(images, output, shape, identities);
        return output;
    }

    /// <summary>Corrupts a batch into <paramref name="output"/>; image i's random draws depend on the seed and identities[i].</summary>
    public void Apply(ReadOnlySpan<float> images, Span<float> output, ImageBatchShape shape, ReadOnlySpan<long> identities)
    {
        if (NotApplicable(shape.C) is { } why)
        {
            throw new ArgumentException($"{Name}: {why}.", nameof(shape));
        }

        int len = shape.C * shape.H * shape.W;
        if (images.Length != shape.Length || output.Length != shape.Length || identities.Length != shape.N)
        {
            throw new ArgumentException($"Expected {shape.N} images of [{shape.C},{shape.H},{shape.W}] = {shape.Length} values, an output as long and one identity per image, found {images.Length}, {output.Length} and {identities.Length}.", nameof(images));
        }

        ImageInputs.CheckPixels(images, len);

        float[] input = images.ToArray();
        float[] result = new float[output.Length];
        long[] ids = identities.ToArray();
        Parallel.For(0, shape.N, i =>
        {
            var image = new Plane(input.AsMemory(i * len, len), shape.C, shape.H, shape.W);
            Corrupt(image, result.AsSpan(i * len, len), SeededRandom.For(Options.Seed, ids[i], purpose: 0x0C0));
        });
        result.CopyTo(output);
    }

    /// <summary>Corrupts one image into <paramref name="output"/> ([C, H, W]).</summary>
    protected abstract void Corrupt(Plane image, Span<float> output, Random rng);

    /// <summary>Clamps to [0, 1], as the reference's final <c>np.clip(x, 0, 1)</c>.</summary>
    protected static float Clip(double value) => (float)Math.Clamp(value, 0.0, 1.0);
}

/// <summary>One image [C, H, W] handed to a corruption.</summary>
/// <param name="Pixels">The pixels, channel planes one after another.</param>
/// <param name="Channels">C.</param>
/// <param name="Height">H.</param>
/// <param name="Width">W.</param>
public readonly record struct Plane(ReadOnlyMemory<float> Pixels, int Channels, int Height, int Width)
{
    /// <summary>Pixels per channel.</summary>
    public int Size => Height * Width;

    /// <summary>The pixels as a span.</summary>
    public ReadOnlySpan<float> Span => Pixels.Span;
}
