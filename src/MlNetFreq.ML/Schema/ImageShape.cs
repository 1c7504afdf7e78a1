namespace MlNetFreq.ML.Schema;

/// <summary>Channels, height and width of one image in an ML.NET vector column (layout C, H, W).</summary>
public sealed record ImageShape(int Channels, int Height, int Width)
{
    /// <summary>Elements per image.</summary>
    public int Length => Channels * Height * Width;

    /// <inheritdoc />
    public override string ToString() => $"({Channels}, {Height}, {Width})";
}
