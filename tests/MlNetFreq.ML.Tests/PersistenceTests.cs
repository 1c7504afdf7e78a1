using System.IO.Compression;
using System.Text;
using CsCheck;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetFreq.ML.DataViews;
using MlNetFreq.ML.Persistence;
using MlNetFreq.ML.Transforms;
using MlNetFreq.Spectral.Bands;

namespace MlNetFreq.ML.Tests;

public sealed class PersistenceTests : IDisposable
{
    private readonly MLContext _ml = new(seed: 1);
    private readonly string _dir = Directory.CreateTempSubdirectory("mlnetfreq-persist-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string PathOf(string name) => Path.Combine(_dir, name);

    private static float[] Column(IDataView view, string name) =>
        view.GetColumn<VBuffer<float>>(name).SelectMany(v => v.DenseValues()).ToArray();

    [Fact]
    public void SingleTransformerRoundTripsWithItsOptions()
    {
        var view = new TensorDataView(TestData.Random(9, 2, 5, 7));
        var original = new BandFeaturesTransformer(new BandFeaturesOptions
        {
            OutputColumnName = "F", InputColumnName = "Image", Layout = BandLayout.Radial, Statistic = BandStatistic.Energy, BatchSize = 4,
        });
        original.SaveTo(PathOf("bands.zip"));
        var loaded = BandFeaturesTransformer.Load(PathOf("bands.zip"));
        Assert.Equal(original.Options, loaded.Options);
        Assert.Equal(Column(original.Transform(view), "F"), Column(loaded.Transform(view), "F"));
    }

    [Fact]
    public void ChainMixingOursAndStockPartsRoundTrips()
    {
        var data = TestData.Random(40, 1, 6, 6);
        var view = new TensorDataView(data);
        var pipeline = _ml.Transforms.Dct2D("Spectrum", "Image")
            .Append(_ml.Transforms.FrequencyBandFeatures("Bands", "Spectrum", inputIsSpectrum: true))
            .Append(_ml.Transforms.NormalizeMinMax("Scaled", "Bands"))
            .Append(_ml.Transforms.Concatenate("Features", "Scaled", "Bands"));
        var model = pipeline.Fit(view);
        MlNetFreqModel.Save(model, PathOf("chain.zip"), _ml, view.Schema);

        var loaded = MlNetFreqModel.Load(PathOf("chain.zip"), new MLContext(seed: 2), out var schema);
        Assert.NotNull(schema);
        Assert.Equal(view.Schema["Image"].Type, schema!["Image"].Type);
        Assert.Equal(Column(model.Transform(view), "Features"), Column(loaded.Transform(view), "Features"));
        Assert.Equal(Column(model.Transform(view), "Spectrum"), Column(loaded.Transform(view), "Spectrum"));
    }

    [Fact]
    public void ModelSavedBy010LoadsAndReproducesItsColumns()
    {
        // Format version 1 (0.1.0) stored flat AttackSettings; they are upgraded to the registry's options on load.
        string dir = Path.Combine(RepoPaths.Fixtures, "persistence");
        var loaded = MlNetFreqModel.Load(Path.Combine(dir, "mlnetfreq-0.1.0-chain.zip"), _ml, out var schema);
        Assert.NotNull(schema);
        var chain = Assert.IsType<TransformerChain<ITransformer>>(loaded);
        var attack = Assert.IsType<AdversarialTransformer>(chain.Last());
        Assert.Equal(new PgdOptions { Eps = 0.1, Alpha = 0.05, Steps = 3, Seed = 5 }, attack.Options.Attack);

        var data = Data.Formats.DataSources.Load(Path.Combine(RepoPaths.Samples, "fmnist-test-1000-images.npy"), Path.Combine(RepoPaths.Samples, "fmnist-test-1000-labels.npy"), 6);
        var output = loaded.Transform(new TensorDataView(data));
        TestArrays.AssertClose(Data.Formats.NpyFile.Read(Path.Combine(dir, "mlnetfreq-0.1.0-chain.adversarial.npy")).ToSingle(), Column(output, "Adversarial"), atol: 1e-6);
        TestArrays.AssertClose(Data.Formats.NpyFile.Read(Path.Combine(dir, "mlnetfreq-0.1.0-chain.bands.npy")).ToSingle(), Column(output, "Bands"), atol: 1e-6);

        // Saved again, it is written in the current format with the registry's attack JSON.
        MlNetFreqModel.Save(loaded, PathOf("resaved.zip"), _ml, schema);
        using var zip = ZipFile.OpenRead(PathOf("resaved.zip"));
        using var reader = new StreamReader(zip.GetEntry("manifest.json")!.Open());
        string manifest = reader.ReadToEnd();
        Assert.Contains($"\"version\": {MlNetFreqModel.FormatVersion}", manifest, StringComparison.Ordinal);
        Assert.Contains("\"method\": \"pgd\"", manifest, StringComparison.Ordinal);
    }

    [Fact]
    public void OcclusionOptionsOf010AreReadIntoTheMethodsRecord()
    {
        // 0.1.0 wrote the attribution settings flat beside the columns; rewrite a saved transform into that form.
        string model = Path.Combine(RepoPaths.Models, "fmnist-resnet8.onnx");
        var saved = new OccludedFrequencyTransformer(new OccludedFrequencyTransformOptions
        {
            ModelPath = model, Attribution = new() { Bands = BandLayout.Radial, Seed = 4, Target = AttributionTarget.Class(3) },
        });
        saved.SaveTo(PathOf("of.zip"));
        saved.Dispose();
        RewriteManifest(PathOf("of.zip"), m =>
        {
            var root = System.Text.Json.Nodes.JsonNode.Parse(m)!;
            var options = root["root"]!["options"]!.AsObject();
            options.Remove("Attribution");
            options["Bands"] = "Radial";
            options["Baseline"] = "Zero";
            options["Reference"] = null;
            options["TargetClass"] = 3;
            options["Cumulative"] = false;
            options["Seed"] = 4;
            return root.ToJsonString();
        });
        using var loaded = OccludedFrequencyTransformer.Load(PathOf("of.zip"));
        Assert.Equal(BandLayout.Radial, loaded.Options.Attribution.Bands);
        Assert.Equal(4, loaded.Options.Attribution.Seed);
        Assert.Equal("3", loaded.Options.Attribution.Target.ToString());
    }

    [Fact]
    public void StockSaveThrowsPointingToOurPersistence()
    {
        var view = new TensorDataView(TestData.Random(2, 1, 3, 3));
        var model = _ml.Transforms.Dct2D("S", "Image").Fit(view);
        var ex = Assert.Throws<NotSupportedException>(() => _ml.Model.Save(model, view.Schema, PathOf("stock.zip")));
        Assert.Contains("MlNetFreqModel.Save", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void StockPartsWithoutSchemaAreRefused()
    {
        var view = new TensorDataView(TestData.Random(4, 1, 3, 3));
        var model = _ml.Transforms.Dct2D("S", "Image").Append(_ml.Transforms.NormalizeMinMax("N", "S")).Fit(view);
        var ex = Assert.Throws<ArgumentException>(() => MlNetFreqModel.Save(model, PathOf("x.zip")));
        Assert.Contains("needs the input schema", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NewerFormatVersionIsRefusedClearly()
    {
        new DctTransformer(new DctOptions()).SaveTo(PathOf("v.zip"));
        RewriteManifest(PathOf("v.zip"), m => m.Replace($"\"version\": {MlNetFreqModel.FormatVersion}", "\"version\": 7", StringComparison.Ordinal));
        var ex = Assert.Throws<ModelFormatException>(() => DctTransformer.Load(PathOf("v.zip")));
        Assert.Contains("format version 7", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"reads versions up to {MlNetFreqModel.FormatVersion}", ex.Message, StringComparison.Ordinal);
        Assert.Contains(PathOf("v.zip"), ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownKindAndWrongTypeAreRefused()
    {
        new DctTransformer(new DctOptions()).SaveTo(PathOf("k.zip"));
        Assert.Contains("expected a saved BandFeaturesTransformer, found a DctTransformer",
            Assert.Throws<ModelFormatException>(() => BandFeaturesTransformer.Load(PathOf("k.zip"))).Message, StringComparison.Ordinal);
        RewriteManifest(PathOf("k.zip"), m => m.Replace("\"kind\": \"dct\"", "\"kind\": \"wavelet\"", StringComparison.Ordinal));
        Assert.Contains("unknown transformer kind 'wavelet'",
            Assert.Throws<ModelFormatException>(() => DctTransformer.Load(PathOf("k.zip"))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RandomAndMutatedFilesFailOnlyWithModelFormatException()
    {
        new DctTransformer(new DctOptions()).SaveTo(PathOf("valid.zip"));
        byte[] valid = File.ReadAllBytes(PathOf("valid.zip"));
        Gen.OneOf(
            Gen.Byte.Array[0, 200],
            Gen.Select(Gen.Int[1, valid.Length], Gen.Int[0, valid.Length - 1], Gen.Byte).Select((cut, at, value) =>
            {
                var b = (byte[])valid.Clone();
                b[at] = value;
                return b[..cut];
            })).Sample(bytes =>
            {
                try
                {
                    MlNetFreqModel.Load(new MemoryStream(bytes), "fuzz.zip", _ml, out _);
                }
                catch (ModelFormatException)
                {
                }
            }, iter: 1000, threads: 1);
    }

    private static void RewriteManifest(string path, Func<string, string> edit)
    {
        using var zip = ZipFile.Open(path, ZipArchiveMode.Update);
        var entry = zip.GetEntry("manifest.json")!;
        string text;
        using (var r = new StreamReader(entry.Open()))
        {
            text = r.ReadToEnd();
        }

        entry.Delete();
        using var w = zip.CreateEntry("manifest.json").Open();
        w.Write(Encoding.UTF8.GetBytes(edit(text)));
    }
}
