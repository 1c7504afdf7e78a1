namespace MlNetFreq.ML.Spectra;

/// <summary>Receives band spectra block by block: row indices, labels (ignored without a label column) and rows × bands values.</summary>
internal interface ISpectrumSink : IDisposable
{
    void Write(ReadOnlySpan<int> index, ReadOnlySpan<int> labels, ReadOnlySpan<float> values);
}
