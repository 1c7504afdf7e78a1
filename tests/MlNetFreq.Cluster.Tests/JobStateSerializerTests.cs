using System.Text;
using MlNetFreq.Cluster.Hosting;
using MlNetFreq.Cluster.Jobs;

namespace MlNetFreq.Cluster.Tests;

/// <summary>
/// Job state as Redis and PostgreSQL hold it: the declared types only, no .NET type names a writer of the store could
/// choose, and no member the types do not declare.
/// </summary>
public sealed class JobStateSerializerTests
{
    private static readonly JobStateSerializer Serializer = new();

    [Fact]
    public void AJobRecordRoundTripsWithoutTypeNames()
    {
        var record = new JobRecord
        {
            Definition = new JobDefinition
            {
                Operation = "attack", OptionsJson = """{"method": "pgd"}""", SettingsJson = """{"target-class": 3}""", InputsJson = "", DataPath = "/r/x.npy",
                LabelsPath = "/r/y.npy", ModelPath = "/r/m.onnx", ModelSha256 = "ab", DataSha256 = "cd", OutputPath = "/r/o.npy", Images = 10, ShardSize = 4,
            },
            Shards = [new ShardRecord { Status = ShardStatus.Leased, Token = Guid.NewGuid(), ExpiresUtc = new DateTime(2026, 12, 6, 1, 2, 3, DateTimeKind.Utc), Attempts = 2, Error = "e" }],
            Cancelled = true,
            Reissued = 1,
        };
        var data = Serializer.Serialize(record);
        string json = data.ToString();
        Assert.DoesNotContain("$type", json, StringComparison.Ordinal);
        Assert.Contains("\"Status\":\"Leased\"", json, StringComparison.Ordinal);
        var back = Serializer.Deserialize<JobRecord>(data);
        Assert.Equal(record.Definition, back.Definition);
        Assert.Equal(record.Shards[0].Token, back.Shards[0].Token);
        Assert.Equal(record.Shards[0].ExpiresUtc, back.Shards[0].ExpiresUtc);
        Assert.Equal((ShardStatus.Leased, 2, "e", true, 1), (back.Shards[0].Status, back.Shards[0].Attempts, back.Shards[0].Error, back.Cancelled, back.Reissued));
        Assert.Equal(["a", "b"], Serializer.Deserialize<HashSet<string>>(Serializer.Serialize(new HashSet<string> { "a", "b" })).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void AForgedRecordNamingATypeOrAnUndeclaredMemberIsRefused()
    {
        // What Orleans' Newtonsoft storage would have honoured: a payload that names the .NET type to build.
        string forged = """{"$type": "System.IO.FileInfo, System.Private.CoreLib", "Definition": null, "Shards": [], "Cancelled": false, "Reissued": 0}""";
        var ex = Assert.Throws<InvalidDataException>(() => Serializer.Deserialize<JobRecord>(new BinaryData(Encoding.UTF8.GetBytes(forged))));
        Assert.StartsWith("job state: expected a JobRecord written by a silo, found", ex.Message, StringComparison.Ordinal);
        string extra = """{"Definition": null, "Shards": [], "Cancelled": false, "Reissued": 0, "Owner": "mallory"}""";
        Assert.Contains("Owner", Assert.Throws<InvalidDataException>(() => Serializer.Deserialize<JobRecord>(new BinaryData(Encoding.UTF8.GetBytes(extra)))).Message, StringComparison.Ordinal);
    }
}
