using ILGPU;
using ILGPU.Runtime;
using MlNetFreq.Spectral.Tensors;

namespace MlNetFreq.Spectral.Dct;

/// <summary>
/// ILGPU backend: the two passes of <see cref="DctPlan"/> as two data-parallel kernels, one thread per output
/// coefficient. Runs on whatever accelerator it is given: CUDA or OpenCL when a GPU is present, ILGPU's CPU
/// accelerator otherwise (that one is for tests and portability; <see cref="ManagedDctBackend"/> is faster on CPU).
/// Calls are serialised on one accelerator stream; device buffers grow to the largest batch seen and are reused.
/// </summary>
public sealed class IlgpuDctBackend : IDctBackend
{
    private readonly Context _context;
    private readonly Accelerator _accelerator;
    private readonly DctPlanCache _plans = new();
    private readonly Dictionary<DctPlan, (MemoryBuffer1D<float, Stride1D.Dense> Left, MemoryBuffer1D<float, Stride1D.Dense> Right)> _planBuffers = new();
    private readonly Lock _gate = new();
    private readonly Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, int> _rightPass;
    private readonly Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int> _leftPass;
    private MemoryBuffer1D<float, Stride1D.Dense>? _bufferA;
    private MemoryBuffer1D<float, Stride1D.Dense>? _bufferB;

    /// <summary>Creates the backend on the accelerator ILGPU prefers (a GPU when present, else its CPU accelerator).</summary>
    public IlgpuDctBackend()
        : this(preferGpu: true)
    {
    }

    private IlgpuDctBackend(bool preferGpu)
    {
        _context = Context.CreateDefault();
        Device device = _context.GetPreferredDevice(preferCPU: !preferGpu);
        _accelerator = device.CreateAccelerator(_context);
        _rightPass = _accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, int>(RightPassKernel);
        _leftPass = _accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int>(LeftPassKernel);
    }

    /// <summary>Creates the backend on ILGPU's CPU accelerator even when a GPU is present (for tests).</summary>
    public static IlgpuDctBackend CreateOnCpu() => new(preferGpu: false);

    /// <summary>True when some GPU (CUDA or OpenCL) device is visible to ILGPU.</summary>
    public static bool GpuAvailable()
    {
        using var context = Context.CreateDefault();
        return context.Devices.Any(d => d.AcceleratorType is AcceleratorType.Cuda or AcceleratorType.OpenCL);
    }

    /// <inheritdoc />
    public string Name => "ilgpu-" + _accelerator.AcceleratorType.ToString().ToLowerInvariant();

    /// <inheritdoc />
    public void Transform(ReadOnlySpan<float> input, Span<float> output, ImageBatchShape shape, DctDirection direction)
    {
        shape.ValidateBuffer(input.Length, nameof(input));
        shape.ValidateBuffer(output.Length, nameof(output));
        if (shape.N == 0)
        {
            return;
        }

        int length = (int)shape.Length;
        DctPlan plan = _plans.Get(shape.H, shape.W, direction);
        lock (_gate)
        {
            var (left, right) = PlanBuffers(plan);
            EnsureCapacity(length);
            ArrayView<float> a = _bufferA!.View.SubView(0, length);
            ArrayView<float> b = _bufferB!.View.SubView(0, length);
            a.CopyFromCPU(ref System.Runtime.InteropServices.MemoryMarshal.GetReference(input), length);
            _rightPass(length, a, b, right.View, shape.W);
            _leftPass(length, b, a, left.View, shape.H, shape.W);
            _accelerator.Synchronize();
            a.CopyToCPU(ref System.Runtime.InteropServices.MemoryMarshal.GetReference(output), length);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var (left, right) in _planBuffers.Values)
        {
            left.Dispose();
            right.Dispose();
        }

        _bufferA?.Dispose();
        _bufferB?.Dispose();
        _accelerator.Dispose();
        _context.Dispose();
    }

    // o[p, h, v] = Σ_w x[p, h, w] · right[w, v]; the index enumerates (p, h, v) row-major.
    private static void RightPassKernel(Index1D index, ArrayView<float> x, ArrayView<float> o, ArrayView<float> right, int width)
    {
        int v = index % width;
        int rowStart = index - v;
        float acc = 0;
        for (int w = 0; w < width; w++)
        {
            acc += x[rowStart + w] * right[w * width + v];
        }

        o[index] = acc;
    }

    // o[p, u, v] = Σ_h left[u, h] · x[p, h, v].
    private static void LeftPassKernel(Index1D index, ArrayView<float> x, ArrayView<float> o, ArrayView<float> left, int height, int width)
    {
        int planeLength = height * width;
        int plane = index / planeLength;
        int rem = index - plane * planeLength;
        int u = rem / width;
        int v = rem - u * width;
        int baseIndex = plane * planeLength + v;
        float acc = 0;
        for (int h = 0; h < height; h++)
        {
            acc += left[u * height + h] * x[baseIndex + h * width];
        }

        o[index] = acc;
    }

    private (MemoryBuffer1D<float, Stride1D.Dense> Left, MemoryBuffer1D<float, Stride1D.Dense> Right) PlanBuffers(DctPlan plan)
    {
        if (!_planBuffers.TryGetValue(plan, out var buffers))
        {
            var left = _accelerator.Allocate1D(plan.Left);
            var right = _accelerator.Allocate1D(plan.Right);
            buffers = (left, right);
            _planBuffers[plan] = buffers;
        }

        return buffers;
    }

    private void EnsureCapacity(int length)
    {
        if (_bufferA is not null && _bufferA.Length >= length)
        {
            return;
        }

        _bufferA?.Dispose();
        _bufferB?.Dispose();
        _bufferA = _accelerator.Allocate1D<float>(length);
        _bufferB = _accelerator.Allocate1D<float>(length);
    }
}
