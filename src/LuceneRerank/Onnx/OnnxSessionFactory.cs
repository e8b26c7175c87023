using Microsoft.ML.OnnxRuntime;

namespace LuceneRerank.Onnx;

/// <summary>Creates <see cref="InferenceSession"/>s with the requested execution provider, or a clear error.</summary>
internal static class OnnxSessionFactory
{
    /// <summary>
    /// Opens <paramref name="modelPath"/> with <paramref name="options"/>. Throws <see cref="FileNotFoundException"/>
    /// when the file is missing, <see cref="InvalidDataException"/> when ONNX Runtime cannot read it, and
    /// <see cref="ExecutionProviderUnavailableException"/> when the requested provider cannot be used (unless
    /// <see cref="OnnxRuntimeOptions.AllowCpuFallback"/>, which opens the model on CPU and says why in
    /// <see cref="OnnxModelSession.ActiveProvider"/>). How CUDA is found is described on <see cref="OnnxRuntimeOptions"/>.
    /// A <see cref="OnnxRuntimeOptions.TokenBudget"/> below 1 is an <see cref="ArgumentException"/>.
    /// </summary>
    public static OnnxModelSession Create(string modelPath, OnnxRuntimeOptions options)
    {
        ArgumentNullException.ThrowIfNull(modelPath);
        ArgumentNullException.ThrowIfNull(options);
        if (!File.Exists(modelPath))
        {
            throw new FileNotFoundException($"ONNX model file not found: {modelPath}", modelPath);
        }

        if (options.TokenBudget is < 1)
        {
            throw new ArgumentException($"OnnxRuntimeOptions.TokenBudget must be at least 1 padded token per call, not {options.TokenBudget}.", nameof(options));
        }

        return options.ExecutionProvider switch
        {
            ExecutionProvider.Cpu => OpenCpu(modelPath, options, fallbackReason: null),
            ExecutionProvider.Cuda => OpenCuda(modelPath, options),
            _ => throw new ArgumentOutOfRangeException(nameof(options), options.ExecutionProvider, "Unknown execution provider."),
        };
    }

    private static OnnxModelSession OpenCuda(string modelPath, OnnxRuntimeOptions options)
    {
        var sessionOptions = NewSessionOptions(options);
        string provider;
        try
        {
            provider = CudaProviderSetup.Append(sessionOptions, options);
        }
        catch (ExecutionProviderUnavailableException e) when (options.AllowCpuFallback)
        {
            sessionOptions.Dispose();
            return OpenCpu(modelPath, options, e.Message);
        }
        catch
        {
            sessionOptions.Dispose();
            throw;
        }

        InferenceSession session;
        try
        {
            session = new InferenceSession(modelPath, sessionOptions);
        }
        catch (OnnxRuntimeException e)
        {
            sessionOptions.Dispose();
            // The provider or the model? A CPU session tells: if it opens too, the provider failed.
            var cpu = OpenCpu(modelPath, options, $"{provider} could not open the model: {e.Message}");
            if (options.AllowCpuFallback)
            {
                return cpu;
            }

            cpu.Dispose();
            throw new ExecutionProviderUnavailableException(
                $"{provider} could not open '{modelPath}' (the model opens on CPU, so the provider failed): {e.Message}", e);
        }

        return new OnnxModelSession(
            session, sessionOptions, provider, ExecutionProvider.Cuda, fallbackReason: null,
            TokenBudgets.Resolve(null, options.TokenBudget, ExecutionProvider.Cuda));
    }

    private static OnnxModelSession OpenCpu(string modelPath, OnnxRuntimeOptions options, string? fallbackReason)
    {
        var sessionOptions = NewSessionOptions(options);
        try
        {
            InferenceSession session;
            try
            {
                session = new InferenceSession(modelPath, sessionOptions);
            }
            catch (OnnxRuntimeException e)
            {
                throw new InvalidDataException($"ONNX Runtime could not load the model '{modelPath}': {e.Message}", e);
            }

            var provider = fallbackReason is null ? "CPU" : $"CPU (fallback from {options.ExecutionProvider.ToString().ToUpperInvariant()}: {fallbackReason})";
            return new OnnxModelSession(
                session, sessionOptions, provider, ExecutionProvider.Cpu, fallbackReason,
                TokenBudgets.Resolve(null, options.TokenBudget, ExecutionProvider.Cpu));
        }
        catch
        {
            sessionOptions.Dispose();
            throw;
        }
    }

    private static SessionOptions NewSessionOptions(OnnxRuntimeOptions options) => new()
    {
        GraphOptimizationLevel = options.GraphOptimizationLevel,
        IntraOpNumThreads = options.IntraOpThreads,
        InterOpNumThreads = options.InterOpThreads,
    };
}
