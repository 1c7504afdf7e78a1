using System.Collections.Concurrent;
using System.Text.Json;
using Orleans.Storage;

namespace MlNetFreq.Cluster.Tests;

/// <summary>
/// Grain storage shared by every in-process silo and kept outside them (a stand-in for Redis): a killed silo loses
/// nothing that was written. States are stored as JSON copies, so only what a grain wrote survives.
/// </summary>
internal sealed class SharedGrainStorage : IGrainStorage
{
    private readonly ConcurrentDictionary<string, (string Json, string ETag)> _store = new();

    public int Writes => _writes;

    private int _writes;

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (_store.TryGetValue(Key(stateName, grainId), out var entry))
        {
            grainState.State = JsonSerializer.Deserialize<T>(entry.Json)!;
            grainState.ETag = entry.ETag;
            grainState.RecordExists = true;
        }

        return Task.CompletedTask;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        Interlocked.Increment(ref _writes);
        string etag = Guid.NewGuid().ToString("N");
        _store[Key(stateName, grainId)] = (JsonSerializer.Serialize(grainState.State), etag);
        grainState.ETag = etag;
        grainState.RecordExists = true;
        return Task.CompletedTask;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        _store.TryRemove(Key(stateName, grainId), out _);
        grainState.RecordExists = false;
        return Task.CompletedTask;
    }

    private static string Key(string stateName, GrainId grainId) => $"{stateName}/{grainId}";
}
