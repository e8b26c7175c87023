using Microsoft.ML.OnnxRuntime;

namespace LuceneRerank.Onnx;

/// <summary>
/// Appends ONNX Runtime's CUDA provider to session options, by one of two routes: (a) CUDA built into ONNX Runtime
/// (the application references <c>Microsoft.ML.OnnxRuntime.Gpu</c>) through the CUDA provider options API; (b) a CUDA
/// provider library registered with <see cref="OrtEnv.RegisterExecutionProviderLibrary"/> and appended through its
/// <see cref="OrtEpDevice"/>. Otherwise, or when a route fails, it throws <see cref="ExecutionProviderUnavailableException"/>.
/// </summary>
internal static class CudaProviderSetup
{
    /// <summary>ONNX Runtime's name of the CUDA provider.</summary>
    public const string CudaProviderName = "CUDAExecutionProvider";

    /// <summary>The name the plugin library is registered under with the <see cref="OrtEnv"/>.</summary>
    public const string RegistrationName = "LuceneRerank.CUDA";

    private static readonly object s_lock = new();
    private static string? s_registeredLibrary;

    /// <summary>The message when neither route is available.</summary>
    public static string NoCudaMessage =>
        "CUDA was requested but this ONNX Runtime has no CUDA execution provider built in and no CUDA provider library " +
        "is configured. Either (1) reference the 'Microsoft.ML.OnnxRuntime.Gpu' package in the application instead of " +
        "'Microsoft.ML.OnnxRuntime', or (2) point OnnxRuntimeOptions.CudaProviderLibraryPath or the " +
        $"{OnnxRuntimeOptions.CudaProviderLibraryEnvironmentVariable} environment variable at ONNX Runtime's CUDA provider " +
        "library (libonnxruntime_providers_cuda.so, onnxruntime_providers_cuda.dll), which is then registered as a plugin " +
        "execution provider. Set OnnxRuntimeOptions.AllowCpuFallback to run on CPU instead.";

    /// <summary>Appends CUDA to <paramref name="sessionOptions"/> and returns the provider in words.</summary>
    public static string Append(SessionOptions sessionOptions, OnnxRuntimeOptions options)
    {
        if (options.DeviceId < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.DeviceId, "DeviceId must not be negative.");
        }

        if (OrtEnv.Instance().GetAvailableProviders().Contains(CudaProviderName))
        {
            return AppendBuiltIn(sessionOptions, options);
        }

        var library = options.ResolveCudaProviderLibraryPath();
        if (library is null)
        {
            throw new ExecutionProviderUnavailableException(NoCudaMessage);
        }

        var origin = !string.IsNullOrEmpty(options.CudaProviderLibraryPath)
            ? "OnnxRuntimeOptions.CudaProviderLibraryPath"
            : $"environment variable {OnnxRuntimeOptions.CudaProviderLibraryEnvironmentVariable}";
        return AppendPlugin(sessionOptions, options, library, origin);
    }

    /// <summary>The CUDA provider options for <paramref name="options"/> (ONNX Runtime's key names).</summary>
    public static Dictionary<string, string> ProviderOptions(OnnxRuntimeOptions options, bool includeDeviceId)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["cudnn_conv_algo_search"] = options.CudnnConvolutionAlgorithmSearch switch
            {
                CudnnConvolutionAlgorithmSearch.Heuristic => "HEURISTIC",
                CudnnConvolutionAlgorithmSearch.Exhaustive => "EXHAUSTIVE",
                _ => "DEFAULT",
            },
            ["enable_cuda_graph"] = options.EnableCudaGraphs ? "1" : "0",
        };
        if (includeDeviceId)
        {
            values["device_id"] = options.DeviceId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (options.CudaMemoryLimitBytes is long limit)
        {
            if (limit <= 0)
            {
                throw new ArgumentOutOfRangeException(nameof(options), limit, "CudaMemoryLimitBytes must be positive.");
            }

            values["gpu_mem_limit"] = limit.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return values;
    }

    private static string AppendBuiltIn(SessionOptions sessionOptions, OnnxRuntimeOptions options)
    {
        try
        {
            using var cuda = new OrtCUDAProviderOptions();
            cuda.UpdateOptions(ProviderOptions(options, includeDeviceId: true));
            sessionOptions.AppendExecutionProvider_CUDA(cuda);
        }
        catch (Exception e) when (e is OnnxRuntimeException or DllNotFoundException or EntryPointNotFoundException)
        {
            throw new ExecutionProviderUnavailableException(
                $"ONNX Runtime's built-in CUDA provider could not be set up for device {options.DeviceId} " +
                $"(are the NVIDIA driver, CUDA and cuDNN libraries installed?): {e.Message}", e);
        }

        return $"CUDA:{options.DeviceId}";
    }

    private static string AppendPlugin(SessionOptions sessionOptions, OnnxRuntimeOptions options, string library, string origin)
    {
        var devices = RegisterAndListDevices(library, origin);
        if (options.DeviceId >= devices.Count)
        {
            throw new ExecutionProviderUnavailableException(
                $"CUDA device {options.DeviceId} was requested but the CUDA provider library '{library}' reports " +
                $"{devices.Count} CUDA device(s).");
        }

        try
        {
            sessionOptions.AppendExecutionProvider(
                OrtEnv.Instance(), new[] { devices[options.DeviceId] }, ProviderOptions(options, includeDeviceId: false));
        }
        catch (OnnxRuntimeException e)
        {
            throw new ExecutionProviderUnavailableException(
                $"the CUDA provider from '{library}' could not be appended for device {options.DeviceId}: {e.Message}", e);
        }

        return $"CUDA:{options.DeviceId} (plugin library {library})";
    }

    private static IReadOnlyList<OrtEpDevice> RegisterAndListDevices(string library, string origin)
    {
        var fullPath = Path.GetFullPath(library);
        lock (s_lock)
        {
            if (s_registeredLibrary is null)
            {
                if (!File.Exists(fullPath))
                {
                    throw new ExecutionProviderUnavailableException(
                        $"the CUDA provider library '{library}' (from {origin}) does not exist.");
                }

                try
                {
                    OrtEnv.Instance().RegisterExecutionProviderLibrary(RegistrationName, fullPath);
                }
                catch (Exception e) when (e is OnnxRuntimeException or DllNotFoundException or EntryPointNotFoundException
                    or BadImageFormatException)
                {
                    throw new ExecutionProviderUnavailableException(
                        $"ONNX Runtime could not load the CUDA provider library '{library}' (from {origin}): {e.Message} " +
                        "It must be ONNX Runtime's CUDA provider built for a compatible ONNX Runtime version, with the CUDA " +
                        "and cuDNN libraries it links to on the loader path (LD_LIBRARY_PATH / PATH).", e);
                }

                s_registeredLibrary = fullPath;
            }
            else if (s_registeredLibrary != fullPath)
            {
                throw new ExecutionProviderUnavailableException(
                    $"the CUDA provider library '{s_registeredLibrary}' is already registered in this process; " +
                    $"'{library}' (from {origin}) cannot be registered beside it.");
            }
        }

        var devices = OrtEnv.Instance().GetEpDevices()
            .Where(d => d.EpName.Contains("CUDA", StringComparison.OrdinalIgnoreCase))
            .ToList();
        if (devices.Count == 0)
        {
            throw new ExecutionProviderUnavailableException(
                $"the CUDA provider library '{library}' loaded but reports no CUDA device: is an NVIDIA GPU and its " +
                "driver visible to this process?");
        }

        return devices;
    }
}
