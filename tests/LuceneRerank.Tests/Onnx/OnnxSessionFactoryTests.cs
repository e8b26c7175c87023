using LuceneRerank.Onnx;
using LuceneRerank.Testing;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace LuceneRerank.Tests.Onnx;

[NonParallelizable]  // some tests set LUCENERERANK_CUDA_EP_PATH
public sealed class OnnxSessionFactoryTests
{
    private static readonly float[] s_input = [1, 0, 2, -1, 1, 0.5f];

    // Hand-computed: [1,0,2]·W + b = [1+10+0.5, 2+12-1]; [-1,1,0.5]·W + b = [-1+3+2.5+0.5, -2+4+3-1].
    private static readonly float[] s_expected = [11.5f, 13f, 5f, 4f];

    private string? _savedEnvironment;

    private static string ModelPath => Path.Combine(AppContext.BaseDirectory, "Onnx", "TestModels", "tiny-linear.onnx");

    private static OnnxRuntimeOptions Cuda(string? library = null, bool fallback = false) => new()
    {
        ExecutionProvider = ExecutionProvider.Cuda,
        CudaProviderLibraryPath = library,
        AllowCpuFallback = fallback,
    };

    [SetUp]
    public void SetUp()
    {
        _savedEnvironment = Environment.GetEnvironmentVariable(OnnxRuntimeOptions.CudaProviderLibraryEnvironmentVariable);
        Environment.SetEnvironmentVariable(OnnxRuntimeOptions.CudaProviderLibraryEnvironmentVariable, null);
        Assume.That(OrtEnv.Instance().GetAvailableProviders(), Does.Not.Contain("CUDAExecutionProvider"),
            "these tests describe an ONNX Runtime without CUDA built in (the CPU package the tests reference)");
    }

    [TearDown]
    public void TearDown() =>
        Environment.SetEnvironmentVariable(OnnxRuntimeOptions.CudaProviderLibraryEnvironmentVariable, _savedEnvironment);

    private static float[] Run(InferenceSession session)
    {
        var x = new DenseTensor<float>(s_input, [2, 3]);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor("x", x)]);
        return results.Single().AsEnumerable<float>().ToArray();
    }

    [Test]
    public void CpuGivesTheHandComputedResultsAndCpuBudget()
    {
        using var model = OnnxSessionFactory.Create(ModelPath, new OnnxRuntimeOptions());

        Assert.That(Run(model.Session), Is.EqualTo(s_expected));
        Assert.That(model.ActiveProvider, Is.EqualTo("CPU"));
        Assert.That(model.ActiveExecutionProvider, Is.EqualTo(ExecutionProvider.Cpu));
        Assert.That(model.FallbackReason, Is.Null);
        Assert.That(model.TokenBudget, Is.EqualTo(TokenBudgets.Cpu));
    }

    [Test]
    public void CpuResultsEqualABareInferenceSession()
    {
        using var bare = new InferenceSession(ModelPath);
        using var ours = OnnxSessionFactory.Create(ModelPath, new OnnxRuntimeOptions { IntraOpThreads = 1 });
        Assert.That(Run(ours.Session), Is.EqualTo(Run(bare)));
    }

    [Test]
    public void CudaWithNeitherRouteNamesTheGpuPackageAndTheLibraryRoute()
    {
        var error = Assert.Throws<ExecutionProviderUnavailableException>(() => OnnxSessionFactory.Create(ModelPath, Cuda()));

        Assert.That(error!.Message, Does.Contain("Microsoft.ML.OnnxRuntime.Gpu")
            .And.Contain("CudaProviderLibraryPath")
            .And.Contain(OnnxRuntimeOptions.CudaProviderLibraryEnvironmentVariable)
            .And.Contain("AllowCpuFallback"));
    }

    [Test]
    public void MissingLibraryPathIsNamedWithWhereItCameFrom()
    {
        var missing = Path.Combine(Path.GetTempPath(), "no-such-dir", "libonnxruntime_providers_cuda.so");

        var fromOption = Assert.Throws<ExecutionProviderUnavailableException>(() => OnnxSessionFactory.Create(ModelPath, Cuda(missing)));
        Assert.That(fromOption!.Message, Does.Contain(missing).And.Contain("does not exist").And.Contain("CudaProviderLibraryPath"));

        Environment.SetEnvironmentVariable(OnnxRuntimeOptions.CudaProviderLibraryEnvironmentVariable, missing);
        var fromEnvironment = Assert.Throws<ExecutionProviderUnavailableException>(() => OnnxSessionFactory.Create(ModelPath, Cuda()));
        Assert.That(fromEnvironment!.Message, Does.Contain(missing).And.Contain("environment variable"));
    }

    [Test]
    public void LibraryThatFailsToLoadIsNamed()
    {
        var dir = TestPaths.NewTempDirectory();
        try
        {
            var notALibrary = Path.Combine(dir, "libonnxruntime_providers_cuda.so");
            File.WriteAllText(notALibrary, "this is not a shared library");

            var error = Assert.Throws<ExecutionProviderUnavailableException>(() => OnnxSessionFactory.Create(ModelPath, Cuda(notALibrary)));

            Assert.That(error!.Message, Does.Contain(notALibrary).And.Contain("could not load"));
            Assert.That(error.InnerException, Is.Not.Null, "ONNX Runtime's own error is kept");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Test]
    public void AllowCpuFallbackRunsOnCpuAndSaysWhy()
    {
        using var model = OnnxSessionFactory.Create(ModelPath, Cuda(fallback: true));

        Assert.That(model.ActiveExecutionProvider, Is.EqualTo(ExecutionProvider.Cpu));
        Assert.That(model.ActiveProvider, Does.StartWith("CPU (fallback from CUDA: ").And.Contain("Microsoft.ML.OnnxRuntime.Gpu"));
        Assert.That(model.FallbackReason, Does.Contain("Microsoft.ML.OnnxRuntime.Gpu"));
        Assert.That(model.TokenBudget, Is.EqualTo(TokenBudgets.Cpu), "the budget follows the provider actually used");
        Assert.That(Run(model.Session), Is.EqualTo(s_expected));
    }

    [Test]
    public void TokenBudgetOptionOverridesTheDefault()
    {
        using var model = OnnxSessionFactory.Create(ModelPath, new OnnxRuntimeOptions { TokenBudget = 1234 });
        Assert.That(model.TokenBudget, Is.EqualTo(1234));
        Assert.That(TokenBudgets.Default(ExecutionProvider.Cuda), Is.GreaterThan(TokenBudgets.Default(ExecutionProvider.Cpu)));
    }

    [Test]
    public void MissingAndCorruptModelsAreNamed()
    {
        var missing = Path.Combine(Path.GetTempPath(), "nope", "model.onnx");
        var notFound = Assert.Throws<FileNotFoundException>(() => OnnxSessionFactory.Create(missing, new OnnxRuntimeOptions()));
        Assert.That(notFound!.Message, Does.Contain(missing));

        var dir = TestPaths.NewTempDirectory();
        try
        {
            var corrupt = Path.Combine(dir, "model.onnx");
            File.WriteAllText(corrupt, "not onnx");
            var bad = Assert.Throws<InvalidDataException>(() => OnnxSessionFactory.Create(corrupt, Cuda(fallback: true)));
            Assert.That(bad!.Message, Does.Contain(corrupt));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Test]
    public void CudaProviderOptionsUseOnnxRuntimeKeyNames()
    {
        var options = new OnnxRuntimeOptions
        {
            ExecutionProvider = ExecutionProvider.Cuda,
            DeviceId = 1,
            CudaMemoryLimitBytes = 2L << 30,
            EnableCudaGraphs = true,
        };

        var values = CudaProviderSetup.ProviderOptions(options, includeDeviceId: true);

        Assert.That(values, Is.EqualTo(new Dictionary<string, string>
        {
            ["device_id"] = "1",
            ["gpu_mem_limit"] = "2147483648",
            ["cudnn_conv_algo_search"] = "DEFAULT",
            ["enable_cuda_graph"] = "1",
        }));
        Assert.That(CudaProviderSetup.ProviderOptions(new OnnxRuntimeOptions(), includeDeviceId: false),
            Does.Not.ContainKey("device_id").And.Not.ContainKey("gpu_mem_limit"));
        Assert.That(CudaProviderSetup.ProviderOptions(
            new OnnxRuntimeOptions { CudnnConvolutionAlgorithmSearch = CudnnConvolutionAlgorithmSearch.Exhaustive }, false)["cudnn_conv_algo_search"],
            Is.EqualTo("EXHAUSTIVE"));
    }
}
