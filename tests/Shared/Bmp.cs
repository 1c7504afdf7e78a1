namespace MlNetFreq.Tests.Shared;

internal static class Bmp
{
    /// <summary>An uncompressed 24-bit BMP (bottom-up rows, BGR, rows padded to 4 bytes).</summary>
    public static byte[] Create(int width, int height, Func<int, int, (byte R, byte G, byte B)> rgb)
    {
        int stride = (width * 3 + 3) / 4 * 4;
        int size = 54 + stride * height;
        var b = new byte[size];
        b[0] = (byte)'B';
        b[1] = (byte)'M';
        BitConverter.GetBytes(size).CopyTo(b, 2);
        BitConverter.GetBytes(54).CopyTo(b, 10);
        BitConverter.GetBytes(40).CopyTo(b, 14);
        BitConverter.GetBytes(width).CopyTo(b, 18);
        BitConverter.GetBytes(height).CopyTo(b, 22);
        BitConverter.GetBytes((short)1).CopyTo(b, 26);
        BitConverter.GetBytes((short)24).CopyTo(b, 28);
        for (int y = 0; y < height; y++)
        {
            int row = 54 + (height - 1 - y) * stride;
            for (int x = 0; x < width; x++)
            {
                var (r, g, bl) = rgb(x, y);
                b[row + 3 * x] = bl;
                b[row + 3 * x + 1] = g;
                b[row + 3 * x + 2] = r;
            }
        }

        return b;
    }
}
