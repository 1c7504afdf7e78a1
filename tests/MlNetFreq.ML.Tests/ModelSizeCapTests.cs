using System.IO.Compression;
using MlNetFreq.ML.Persistence;
using MlNetFreq.Onnx.Graph;
using MlNetFreq.Onnx.Sessions;

namespace MlNetFreq.ML.Tests;

/// <summary>Untrusted models: an ONNX file or a zip entry above the size cap fails clearly, a zip bomb before it inflates.</summary>
public sealed class ModelSizeCapTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mlnetfreq-caps-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void AnOnnxFileAboveTheCapIsRefusedBeforeItIsRead()
    {
        string model = Path.Combine(RepoPaths.Models, "fmnist-resnet8.onnx");
        using (ModelLimits.Limit(1000))
        {
            var ex = Assert.Throws<OnnxFormatException>(() => ModelSession.Load(model));
            Assert.Contains($"{model}: expected at most 1,000 bytes (MLNETFREQ_MAX_MODEL_BYTES), found {new FileInfo(model).Length:N0}", ex.Message, StringComparison.Ordinal);
        }

        using var loaded = ModelSession.Load(model);
        Assert.Equal(10, loaded.Classes);
    }

    [Fact]
    public void AZipBombFailsAsSoonAsItInflatesPastTheCap()
    {
        // A manifest entry of 64 MiB of zeros (a few tens of KiB compressed).
        string path = Path.Combine(_dir, "bomb.zip");
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
        {
            using var s = zip.CreateEntry("manifest.json", CompressionLevel.Optimal).Open();
            var zeros = new byte[1 << 20];
            for (int i = 0; i < 64; i++)
            {
                s.Write(zeros);
            }
        }

        Assert.True(new FileInfo(path).Length < 1 << 20);
        using (ModelLimits.Limit(4 << 20))
        {
            var ex = Assert.Throws<ModelFormatException>(() => MlNetFreqModel.Load(path, null, out _));
            Assert.Contains("bomb.zip: entry 'manifest.json': expected at most 4,194,304 bytes", ex.Message, StringComparison.Ordinal);
        }
    }
}
