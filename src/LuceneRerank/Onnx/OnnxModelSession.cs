using Microsoft.ML.OnnxRuntime;

namespace LuceneRerank.Onnx;

/// <summary>An open model: its thread-safe <see cref="InferenceSession"/> and the provider it runs on.</summary>
public sealed class OnnxModelSession : IDisposable
{
    private readonly SessionOptions _options;

    internal OnnxModelSession(InferenceSession session, SessionOptions options, string activeProvider)
    {
        Session = session;
        _options = options;
        ActiveProvider = activeProvider;
    }

    /// <summary>The session; <c>Run</c> may be called from several threads at once.</summary>
    public InferenceSession Session { get; }

    /// <summary>The execution provider in use, for example <c>CPU</c> or <c>CUDA:0</c>.</summary>
    public string ActiveProvider { get; }

    /// <inheritdoc />
    public void Dispose()
    {
        Session.Dispose();
        _options.Dispose();
    }
}
