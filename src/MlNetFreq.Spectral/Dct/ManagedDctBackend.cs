using System.Buffers;
using MlNetFreq.Spectral.Tensors;

namespace MlNetFreq.Spectral.Dct;

/// <summary>
/// CPU backend: per plane two small SIMD matrix products (<see cref="SmallMatrixProduct"/>), or from
/// <see cref="FftDctPlan.MinSide"/> on two FFT passes (<see cref="FftDctPlan"/>); planes split across threads in
/// contiguous ranges. Each thread owns its scratch from the shared array pool, so a call allocates nothing per plane.
/// </summary>
public sealed class ManagedDctBackend : IDctBackend
{
    private readonly DctPlanCache _plans = new();
    private readonly int _maxThreads;

    /// <summary>Creates the backend; <paramref name="maxThreads"/> ≤ 0 means one thread per core.</summary>
    public ManagedDctBackend(int maxThreads = 0)
    {
        _maxThreads = maxThreads > 0 ? maxThreads : Environment.ProcessorCount;
    }

    /// <inheritdoc />
    public string Name => "managed";

    /// <inheritdoc />
    public unsafe void Transform(ReadOnlySpan<float> input, Span<float> output, ImageBatchShape shape, DctDirection direction)
    {
        shape.ValidateBuffer(input.Length, nameof(input));
        shape.ValidateBuffer(output.Length, nameof(output));
        if (shape.N == 0)
        {
            return;
        }

        DctPlan plan = _plans.Get(shape.H, shape.W, direction);
        int planes = shape.Planes;
        int planeLength = shape.PlaneLength;

        // Below ~64k multiply-adds per thread the fork/join costs more than it saves. The matrix form costs H + W per
        // value; the FFT form (H, W ≥ 40) a few dozen whatever the size, counted as 64.
        long work = (long)planes * planeLength * (plan.Fast is null ? shape.H + shape.W : 64);
        int threads = (int)Math.Clamp(work / 65_536, 1, Math.Min(_maxThreads, planes));

        fixed (float* inPtr = input)
        fixed (float* outPtr = output)
        fixed (float* left = plan.Left)
        fixed (float* right = plan.Right)
        {
            var job = new Job((nint)inPtr, (nint)outPtr, (nint)left, (nint)right, shape.H, shape.W, planes, plan.Fast);
            if (threads == 1)
            {
                job.Run(0, planes);
            }
            else
            {
                Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
                {
                    long lo = (long)planes * t / threads;
                    long hi = (long)planes * (t + 1) / threads;
                    job.Run((int)lo, (int)hi);
                });
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        // Nothing native is held.
    }

    private readonly record struct Job(nint Input, nint Output, nint Left, nint Right, int H, int W, int Planes, FftDctPlan? Fast)
    {
        public unsafe void Run(int firstPlane, int endPlane)
        {
            int planeLength = H * W;
            if (Fast is not null)
            {
                RunFast(firstPlane, endPlane, Fast);
                return;
            }

            float[] scratch = ArrayPool<float>.Shared.Rent(planeLength);
            try
            {
                fixed (float* z = scratch)
                {
                    for (int p = firstPlane; p < endPlane; p++)
                    {
                        float* x = (float*)Input + (long)p * planeLength;
                        float* y = (float*)Output + (long)p * planeLength;
                        SmallMatrixProduct.Multiply((float*)Left, x, z, H, H, W);
                        SmallMatrixProduct.Multiply(z, (float*)Right, y, H, W, W);
                    }
                }
            }
            finally
            {
                ArrayPool<float>.Shared.Return(scratch);
            }
        }

        private unsafe void RunFast(int firstPlane, int endPlane, FftDctPlan fast)
        {
            int planeLength = H * W;
            float[] scratch = ArrayPool<float>.Shared.Rent(fast.ScratchFloats);
            var vectors = ArrayPool<System.Numerics.Vector<float>>.Shared.Rent(fast.ScratchVectors);
            try
            {
                fixed (float* z = scratch)
                {
                    for (int p = firstPlane; p < endPlane; p++)
                    {
                        fast.Transform((float*)Input + (long)p * planeLength, (float*)Output + (long)p * planeLength, z, vectors);
                    }
                }
            }
            finally
            {
                ArrayPool<float>.Shared.Return(scratch);
                ArrayPool<System.Numerics.Vector<float>>.Shared.Return(vectors);
            }
        }
    }
}
