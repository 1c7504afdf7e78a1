using MlNetFreq.Onnx.Graph;
using MlNetFreq.Onnx.Proto;

namespace MlNetFreq.Onnx.Gradients.Rules;

/// <summary>
/// The input gradient of a strided 2-D Conv (stride s on both axes, no dilation, one group) as a stride-1 Conv plus
/// DepthToSpace, instead of a ConvTranspose: ONNX Runtime runs ConvTranspose as one GEMM per image followed by col2im,
/// many times slower than its blocked (NCHWc) Conv when the feature maps are small.
/// <para>
/// Per axis, with kernel k, pad p and stride s, the gradient at position s·q + a (phase a ∈ [0, s)) is
/// gx[s·q + a] = Σₘ W[s·m + rₐ] · gy[q + dₐ − m], where rₐ = (a + p) mod s and dₐ = (a + p) div s: a stride-1
/// correlation of gy with the taps of W that phase a reads. All s² phases become the output channels of one Conv
/// (channel (a·s + b)·C + c holds phase (a, b) of input channel c), DepthToSpace (DCR order) interleaves them, and a
/// Slice keeps the input's size.
/// </para>
/// <para>
/// Used only where the gradient's feature map has at most <see cref="MaxGradientArea"/> positions: there ConvTranspose's
/// per-image GEMM is a matrix–vector product (torchvision ResNet-18 at 32×32: its last three strided convolutions'
/// ConvTranspose took 2.7, 2.3 and 1.1 ms of a 50 ms gradient pass, the phase form about half); on larger maps the
/// DepthToSpace copy costs more than it saves (CIFAR ResNet-20: 5.3 ms of DepthToSpace against 3.7 ms of ConvTranspose).
/// </para>
/// </summary>
internal static class PolyphaseConvAdjoint
{
    /// <summary>Largest gradient feature map (height × width) the phase form is used for.</summary>
    public const long MaxGradientArea = 16;

    /// <summary>The gradient of the Conv's input, or null when the node's shape is not one this form covers.</summary>
    public static string? TryEmit(string gy, TensorProto w, WindowGeometry geometry, long group, BackwardEmitter e)
    {
        if (geometry.Rank != 2 || group != 1 || geometry.Dilations.Any(d => d != 1)
            || geometry.Strides[0] != geometry.Strides[1] || geometry.Strides[0] < 2
            || geometry.OutputSize[0] * geometry.OutputSize[1] > MaxGradientArea)
        {
            return null;
        }

        long s = geometry.Strides[0];
        var rows = Axis.Of(geometry.Kernel[0], geometry.PadsBegin[0], s, geometry.InputSize[0], geometry.OutputSize[0]);
        var cols = Axis.Of(geometry.Kernel[1], geometry.PadsBegin[1], s, geometry.InputSize[1], geometry.OutputSize[1]);
        long cout = w.Dims[0], cin = w.Dims[1];
        long kh = geometry.Kernel[0], kw = geometry.Kernel[1];
        float[] weights = TensorValues.ToFloat(w);
        var phased = new float[s * s * cin * cout * rows.Taps * cols.Taps];
        for (long a = 0; a < s; a++)
        {
            for (long b = 0; b < s; b++)
            {
                for (long c = 0; c < cin; c++)
                {
                    for (long o = 0; o < cout; o++)
                    {
                        long outBase = ((((a * s) + b) * cin + c) * cout + o) * rows.Taps * cols.Taps;
                        for (long i = 0; i < rows.Taps; i++)
                        {
                            long u = rows.SourceTap(a, i);
                            for (long j = 0; j < cols.Taps && u >= 0; j++)
                            {
                                long v = cols.SourceTap(b, j);
                                if (v >= 0)
                                {
                                    phased[outBase + i * cols.Taps + j] = weights[((o * cin + c) * kh + u) * kw + v];
                                }
                            }
                        }
                    }
                }
            }
        }

        string conv = e.Emit("Conv", [gy, e.ConstFloat(phased, s * s * cin, cout, rows.Taps, cols.Taps)],
            Nodes.Ints("kernel_shape", [rows.Taps, cols.Taps]), Nodes.Ints("pads", [rows.PadBegin, cols.PadBegin, rows.PadEnd, cols.PadEnd]));
        string interleaved = e.Emit("DepthToSpace", [conv], Nodes.Int("blocksize", s));
        bool exact = rows.Phases * s == geometry.InputSize[0] && cols.Phases * s == geometry.InputSize[1];
        return exact ? interleaved : e.Slice(interleaved, [0, 0], [geometry.InputSize[0], geometry.InputSize[1]], [2, 3]);
    }

    // One spatial axis: Taps kernel positions of the phase Conv, its pads, and the number of rows it produces per phase.
    private sealed record Axis(long Kernel, long Pad, long Stride, long Taps, long PadBegin, long PadEnd, long Phases)
    {
        public static Axis Of(long kernel, long pad, long stride, long inputSize, long outputSize)
        {
            // m' = P + dₐ − m for tap m of phase a; P makes every m' ≥ 0, Taps covers the largest.
            long padBegin = 0, last = 0;
            for (long a = 0; a < stride; a++)
            {
                long r = (a + pad) % stride, d = (a + pad) / stride, taps = Count(kernel, r, stride);
                if (taps > 0)
                {
                    padBegin = Math.Max(padBegin, taps - 1 - d);
                    last = Math.Max(last, d);
                }
            }

            long width = padBegin + last + 1;
            long phases = (inputSize + stride - 1) / stride;
            // Conv output length = outputSize + P + Pe − width + 1 ≥ phases; any surplus is sliced off afterwards.
            long padEnd = Math.Max(0, phases - outputSize - padBegin + width - 1);
            return new Axis(kernel, pad, stride, width, padBegin, padEnd, outputSize + padBegin + padEnd - width + 1);
        }

        // The kernel tap u = s·m + rₐ that position m' of phase a reads, or −1 when it reads none.
        public long SourceTap(long a, long position)
        {
            long r = (a + Pad) % Stride, d = (a + Pad) / Stride;
            long m = PadBegin + d - position;
            long u = Stride * m + r;
            return m >= 0 && u < Kernel ? u : -1;
        }

        private static long Count(long kernel, long r, long stride) => r < kernel ? (kernel - r + stride - 1) / stride : 0;
    }
}
