using System.Collections.Concurrent;

namespace MlNetFreq.Spectral.Dct;

/// <summary>Plans keyed by size and direction, built on first use and shared by all threads.</summary>
internal sealed class DctPlanCache
{
    private readonly ConcurrentDictionary<(int H, int W, DctDirection D), DctPlan> _plans = new();

    public DctPlan Get(int height, int width, DctDirection direction) =>
        _plans.GetOrAdd((height, width, direction), static k => new DctPlan(k.H, k.W, k.D));
}
