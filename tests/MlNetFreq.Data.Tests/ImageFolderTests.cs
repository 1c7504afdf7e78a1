using MlNetFreq.Data.Formats;

namespace MlNetFreq.Data.Tests;

public sealed class ImageFolderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mlnetfreq-folder-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void ClassesFollowSubFolderOrderAndPixelsArePlanar()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "b_dog"));
        Directory.CreateDirectory(Path.Combine(_dir, "a_cat"));
        File.WriteAllBytes(Path.Combine(_dir, "a_cat", "1.bmp"), Bmp.Create(4, 3, (x, y) => ((byte)(x * 50), (byte)(y * 60), 7)));
        File.WriteAllBytes(Path.Combine(_dir, "b_dog", "1.bmp"), Bmp.Create(4, 3, (_, _) => (255, 255, 255)));
        File.WriteAllText(Path.Combine(_dir, "b_dog", "notes.txt"), "not an image");

        var data = DataSources.Load(_dir);
        Assert.Equal(new Spectral.Tensors.ImageBatchShape(2, 3, 3, 4), data.Images.Shape);
        Assert.Equal(new[] { 0, 1 }, data.Labels);
        Assert.Equal(new[] { "a_cat", "b_dog" }, data.ClassNames);
        // image 0, red plane, row 2, column 3 = 150/255; green plane row 2 = 120/255; blue = 7/255
        Assert.Equal(150 / 255f, data.Images.Data[0 * 12 + 2 * 4 + 3]);
        Assert.Equal(120 / 255f, data.Images.Data[1 * 12 + 2 * 4 + 3]);
        Assert.Equal(7 / 255f, data.Images.Data[2 * 12 + 0]);
    }

    [Fact]
    public void MixedSizesAndBrokenFilesAreErrorsNamingTheFile()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "x"));
        File.WriteAllBytes(Path.Combine(_dir, "x", "1.bmp"), Bmp.Create(4, 3, (_, _) => (1, 2, 3)));
        File.WriteAllBytes(Path.Combine(_dir, "x", "2.bmp"), Bmp.Create(5, 3, (_, _) => (1, 2, 3)));
        var ex = Assert.Throws<DataFormatException>(() => ImageFolder.Read(_dir));
        Assert.Contains("2.bmp", ex.Message, StringComparison.Ordinal);
        Assert.Contains("found 5×3", ex.Message, StringComparison.Ordinal);

        File.WriteAllBytes(Path.Combine(_dir, "x", "2.bmp"), [1, 2, 3, 4, 5]);
        var bad = Assert.Throws<DataFormatException>(() => ImageFolder.Read(_dir));
        Assert.Contains("2.bmp", bad.Message, StringComparison.Ordinal);
    }
}

public sealed class BmpFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mlnetfreq-bmp-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void GreyImagesAreOneChannelAndAMismatchSaysWhich()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "grey"));
        var grey = Enumerable.Range(0, 5 * 7).Select(i => (i * 37 % 256) / 255f).ToArray();
        BmpFile.Write(Path.Combine(_dir, "grey", "a.bmp"), grey, 1, 5, 7); // 24-bit BMP with R = G = B
        var one = ImageFolder.Read(_dir, channels: 1);                    // what a 1-channel model asks for
        Assert.Equal(1, one.Images.Shape.C);
        Assert.Equal(grey, one.Images.Data);
        Assert.Equal(3, ImageFolder.Read(_dir).Images.Shape.C);            // stored as colour: three equal planes by default

        var rgb = Enumerable.Range(0, 3 * 5 * 7).Select(i => (i * 37 % 256) / 255f).ToArray();
        BmpFile.Write(Path.Combine(_dir, "grey", "b.bmp"), rgb, 3, 5, 7);
        var ex = Assert.Throws<DataFormatException>(() => ImageFolder.Read(_dir, channels: 1));
        Assert.Contains("b.bmp: expected grey (1-channel) images like", ex.Message, StringComparison.Ordinal);
        Assert.Contains("found a colour (3-channel) image", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WrittenImagesReadBackThroughTheFolderReader()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "c"));
        var rgb = Enumerable.Range(0, 3 * 5 * 7).Select(i => (i * 37 % 256) / 255f).ToArray();
        BmpFile.Write(Path.Combine(_dir, "c", "a.bmp"), rgb, 3, 5, 7);
        var back = ImageFolder.Read(_dir);
        Assert.Equal(rgb, back.Images.Data);
        Assert.Contains("expected pixel values in [0, 1], found 1.5", Assert.Throws<ArgumentException>(() => BmpFile.Write(Path.Combine(_dir, "x.bmp"), [1.5f], 1, 1, 1)).Message, StringComparison.Ordinal);
    }
}
