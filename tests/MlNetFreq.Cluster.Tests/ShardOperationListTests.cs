using MlNetFreq.Cluster.Operations;

namespace MlNetFreq.Cluster.Tests;

/// <summary>The operations a job may name: the hand-written shard operations and every registered operation, each once.</summary>
public sealed class ShardOperationListTests
{
    [Fact]
    public void EveryRegisteredOperationIsAJobOnceAndTheOthersRemain()
    {
        string[] names = [.. ShardOperations.All.Select(o => o.Name)];
        Assert.Equal(names.Length, names.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(["predict", "attack", "autoattack", "attribute", "heatmap", "filtered-accuracy", "corruption-accuracy", "corrupt", "spectrum", "dct", "gradient", "robustify", "validate"], names);
    }
}
