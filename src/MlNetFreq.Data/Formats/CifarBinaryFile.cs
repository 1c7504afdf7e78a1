using MlNetFreq.Data.Tensors;
using MlNetFreq.Spectral.Tensors;

namespace MlNetFreq.Data.Formats;

/// <summary>
/// CIFAR-10 binary batches (<c>data_batch_1.bin</c> … <c>test_batch.bin</c>): records of 3,073 bytes, a label byte
/// 0–9 then 3,072 pixel bytes (the red, green and blue 32×32 planes, row-major). Images come out [N,3,32,32] scaled by 1/255.
/// </summary>
public static class CifarBinaryFile
{
    /// <summary>Bytes per record.</summary>
    public const int RecordLength = 1 + 3 * 32 * 32;

    /// <summary>CIFAR-10 class names in label order.</summary>
    public static readonly IReadOnlyList<string> ClassNames =
        ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"];

    /// <summary>Reads all records (or the first <paramref name="limit"/>) of one batch file.</summary>
    public static LabeledImages Read(string path, int limit = int.MaxValue)
    {
        using FileStream f = DataFiles.OpenRead(path);
        if (f.Length == 0 || f.Length % RecordLength != 0)
        {
            throw new DataFormatException(path,
                $"expected a whole number of {RecordLength}-byte CIFAR-10 records, found {f.Length} bytes ({f.Length % RecordLength} left over).");
        }

        int n = (int)Math.Min(f.Length / RecordLength, limit);
        var pixels = new float[n * (RecordLength - 1)];
        var labels = new int[n];
        var record = new byte[RecordLength];
        for (int i = 0; i < n; i++)
        {
            DataFiles.ReadExactly(f, record, path, $"record {i}");
            if (record[0] > 9)
            {
                throw new DataFormatException(path, $"expected a label 0–9 at the start of record {i} (byte {(long)i * RecordLength}), found {record[0]}.");
            }

            labels[i] = record[0];
            Span<float> dst = pixels.AsSpan(i * (RecordLength - 1), RecordLength - 1);
            for (int j = 0; j < dst.Length; j++)
            {
                dst[j] = record[j + 1] / 255f;
            }
        }

        return new LabeledImages(new ImageTensor(pixels, new ImageBatchShape(n, 3, 32, 32)), labels, ClassNames);
    }
}
