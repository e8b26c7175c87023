namespace LuceneRerank.Toolkit;

/// <summary>
/// An <see cref="IProgress{T}"/> that calls its handler at once on the reporting thread (unlike
/// <see cref="Progress{T}"/>, which posts to a synchronisation context and may reorder reports in a console).
/// </summary>
/// <typeparam name="T">The report type.</typeparam>
internal sealed class SynchronousProgress<T>(Action<T> handler) : IProgress<T>
{
    /// <inheritdoc />
    public void Report(T value) => handler(value);
}
