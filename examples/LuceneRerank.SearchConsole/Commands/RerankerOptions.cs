using System.CommandLine;
using LuceneRerank.Models;
using LuceneRerank.Onnx;
using LuceneRerank.Rescoring;
using LuceneRerank.SearchConsole.Reranking;

namespace LuceneRerank.SearchConsole.Commands;

/// <summary>
/// The reranking options of <c>lrr-search</c>: the first stage (<c>--reranker</c>, <c>--model</c>, <c>--manifest</c>,
/// <c>--window</c>, <c>--fusion</c>), later stages (<c>--stage</c>), the execution provider (<c>--provider</c>,
/// <c>--device-id</c>, <c>--cuda-ep-path</c>).
/// </summary>
internal static class RerankerOptions
{
    /// <summary><c>--model DIR</c>: the model directory as downloaded from Hugging Face (or by <c>lrr-index models pull</c>).</summary>
    public static Option<DirectoryInfo?> Model(bool required = false) => new("--model")
    {
        Description = "Model directory of the reranker (--reranker): a cross-encoder (model.onnx or onnx/model.onnx, tokenizer.json " +
                      "or vocab.txt, config.json), a ColBERT model (artifact.metadata or config_sentence_transformers.json, model.onnx), a decoder-only LLM (model.onnx, tokenizer.json, config.json) or a T5 " +
                      "(encoder_model.onnx, decoder_model.onnx, spiece.model).",
        Required = required,
    };

    /// <summary><c>--reranker KIND</c>.</summary>
    public static Option<string?> Reranker()
    {
        var option = new Option<string?>("--reranker")
        {
            Description = $"With --model: {string.Join("|", RerankMethods.Names)}. Default: the kind of --manifest, else of the model " +
                          $"directory's {ModelManifests.FolderManifestFileName}, else what its files show (an ambiguous directory is an error).",
        };
        option.Validators.Add(result =>
        {
            try
            {
                RerankMethods.Parse(result.GetValueOrDefault<string?>() ?? "auto");
            }
            catch (FormatException e)
            {
                result.AddError("--reranker: " + e.Message);
            }
        });
        return option;
    }

    /// <summary><c>--manifest FILE|NAME</c>.</summary>
    public static Option<string?> Manifest() => new("--manifest")
    {
        Description = "With --model: the model manifest holding the reranker's prompt, a .json file or a model name (see lrr-index models list) " +
                      $"(default: the model directory's {ModelManifests.FolderManifestFileName} when its kind matches, else the kind's " +
                      "default manifest, e.g. qwen3-reranker-0.6b for pointwise).",
    };

    /// <summary><c>--stage KIND[@MANIFEST]:WINDOW:DIR</c>, repeatable.</summary>
    public static Option<string[]> Stage()
    {
        var option = new Option<string[]>("--stage")
        {
            Description = $"A further reranking stage, {StageParser.Syntax} (repeatable): reranks the top WINDOW hits of the previous " +
                          "stage (of BM25 when there is no --model) with its own scores; e.g. --stage listwise:20:/models/qwen3.",
            DefaultValueFactory = _ => Array.Empty<string>(),
        };
        option.Validators.Add(result =>
        {
            foreach (var text in result.GetValueOrDefault<string[]>() ?? Array.Empty<string>())
            {
                try
                {
                    StageParser.Parse(text);
                }
                catch (FormatException e)
                {
                    result.AddError(e.Message);
                }
            }
        });
        return option;
    }

    /// <summary><c>--window N</c>: BM25 hits given to the first model.</summary>
    public static Option<int> Window()
    {
        var window = new Option<int>("--window")
        {
            Description = "With --model: how many BM25 hits the model reranks (the rest follow in BM25 order).",
            DefaultValueFactory = _ => NeuralRescorerOptions.DefaultWindow,
        };
        window.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() <= 0)
            {
                result.AddError("--window must be positive");
            }
        });
        return window;
    }

    /// <summary><c>--fusion TEXT</c>: see <see cref="ScoreFusion.Parse"/>.</summary>
    public static Option<string> Fusion()
    {
        var fusion = new Option<string>("--fusion")
        {
            Description = "With --model: replace (model score, default), linear:W1,W2, minmax[:W1,W2], zscore[:W1,W2] or rrf[:K] " +
                          "(W1 BM25 weight, W2 model weight).",
            DefaultValueFactory = _ => "replace",
        };
        fusion.Validators.Add(result =>
        {
            try
            {
                ScoreFusion.Parse(result.GetValueOrDefault<string>() ?? "");
            }
            catch (FormatException e)
            {
                result.AddError("--fusion: " + e.Message);
            }
        });
        return fusion;
    }

    /// <summary><c>--provider cpu|cuda</c>.</summary>
    public static Option<string> Provider()
    {
        var option = new Option<string>("--provider")
        {
            Description = "ONNX Runtime execution provider of every reranker: cpu (default) or cuda (needs Microsoft.ML.OnnxRuntime.Gpu " +
                          $"or --cuda-ep-path / ${OnnxRuntimeOptions.CudaProviderLibraryEnvironmentVariable}; never falls back to CPU).",
            DefaultValueFactory = _ => "cpu",
        };
        option.AcceptOnlyFromAmong("cpu", "cuda");
        return option;
    }

    /// <summary><c>--device-id N</c>.</summary>
    public static Option<int> DeviceId()
    {
        var option = new Option<int>("--device-id") { Description = "With --provider cuda: the GPU ordinal (default 0)." };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 0)
            {
                result.AddError("--device-id must not be negative");
            }
        });
        return option;
    }

    /// <summary><c>--cuda-ep-path FILE</c>.</summary>
    public static Option<FileInfo?> CudaEpPath() => new("--cuda-ep-path")
    {
        Description = "With --provider cuda: ONNX Runtime's CUDA provider library (libonnxruntime_providers_cuda.so), registered " +
                      $"as a plugin provider (default ${OnnxRuntimeOptions.CudaProviderLibraryEnvironmentVariable}).",
    };

    /// <summary>The ONNX Runtime options the provider options ask for.</summary>
    public static OnnxRuntimeOptions Runtime(string provider, int deviceId, FileInfo? cudaEpPath) => new()
    {
        ExecutionProvider = provider == "cuda" ? ExecutionProvider.Cuda : ExecutionProvider.Cpu,
        DeviceId = deviceId,
        CudaProviderLibraryPath = cudaEpPath?.FullName,
    };
}
