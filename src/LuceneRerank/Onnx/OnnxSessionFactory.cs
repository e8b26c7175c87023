using Microsoft.ML.OnnxRuntime;

namespace LuceneRerank.Onnx;

/// <summary>Creates <see cref="InferenceSession"/>s with the requested execution provider, or a clear error.</summary>
public static class OnnxSessionFactory
{
    /// <summary>
    /// Opens <paramref name="modelPath"/> with <paramref name="options"/>. Throws <see cref="FileNotFoundException"/>
    /// when the file is missing, <see cref="InvalidDataException"/> when ONNX Runtime cannot read it, and
    /// <see cref="ExecutionProviderUnavailableException"/> when the requested provider is not in this ONNX Runtime.
    /// </summary>
    public static OnnxModelSession Create(string modelPath, OnnxRuntimeOptions options)
    {
        ArgumentNullException.ThrowIfNull(modelPath);
        ArgumentNullException.ThrowIfNull(options);
        if (!File.Exists(modelPath))
        {
            throw new FileNotFoundException($"ONNX model file not found: {modelPath}", modelPath);
        }

        var sessionOptions = new SessionOptions
        {
            GraphOptimizationLevel = options.GraphOptimizationLevel,
            IntraOpNumThreads = options.IntraOpThreads,
            InterOpNumThreads = options.InterOpThreads,
        };
        try
        {
            var provider = AppendProvider(sessionOptions, options);
            InferenceSession session;
            try
            {
                session = new InferenceSession(modelPath, sessionOptions);
            }
            catch (OnnxRuntimeException e)
            {
                throw new InvalidDataException($"ONNX Runtime could not load the model '{modelPath}': {e.Message}", e);
            }

            return new OnnxModelSession(session, sessionOptions, provider);
        }
        catch
        {
            sessionOptions.Dispose();
            throw;
        }
    }

    private static string AppendProvider(SessionOptions sessionOptions, OnnxRuntimeOptions options)
    {
        switch (options.ExecutionProvider)
        {
            case ExecutionProvider.Cpu:
                return "CPU";
            case ExecutionProvider.Cuda:
                try
                {
                    sessionOptions.AppendExecutionProvider_CUDA(options.DeviceId);
                }
                catch (Exception e) when (e is OnnxRuntimeException or EntryPointNotFoundException or DllNotFoundException)
                {
                    throw new ExecutionProviderUnavailableException(
                        "CUDA was requested but this ONNX Runtime has no CUDA execution provider. Reference the " +
                        "'Microsoft.ML.OnnxRuntime.Gpu' package in the application instead of 'Microsoft.ML.OnnxRuntime'. " +
                        $"ONNX Runtime said: {e.Message}", e);
                }

                return $"CUDA:{options.DeviceId}";
            default:
                throw new ArgumentOutOfRangeException(nameof(options), options.ExecutionProvider, "Unknown execution provider.");
        }
    }
}
