using LuceneRerank.Models;
using LuceneRerank.Onnx;
using LuceneRerank.Reranking;
using LuceneRerank.Reranking.Generative;
using LuceneRerank.Reranking.Listwise;
using LuceneRerank.Reranking.Llm;
using LuceneRerank.Reranking.Pairwise;
using LuceneRerank.Reranking.T5;

namespace LuceneRerank.SearchConsole.Reranking;

/// <summary>
/// Builds the <see cref="IReranker"/> of a kind over a model directory: the cross-encoder needs no manifest; every
/// other kind reads its prompt from a model manifest, chosen in this order: <c>--manifest</c> (a file or a name in
/// <c>models/</c>), the directory's <c>lrr-model.json</c> when its kind matches, the kind's default manifest
/// (<see cref="RerankerKinds.DefaultManifest"/>).
/// </summary>
internal static class RerankerFactory
{
    /// <summary>Opens the reranker <paramref name="spec"/> describes on the execution provider of <paramref name="runtime"/>.</summary>
    /// <exception cref="FormatException">Unknown kind.</exception>
    /// <exception cref="InvalidDataException">The manifest is of another kind, or the model does not fit it.</exception>
    /// <exception cref="ExecutionProviderUnavailableException">The provider asked for cannot be used.</exception>
    public static LoadedReranker Create(RerankerSpec spec, OnnxRuntimeOptions runtime)
    {
        var directory = Path.GetFullPath(spec.ModelPath);
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"model directory not found: {directory}");
        }

        var pulled = Path.Combine(directory, ModelDownloader.ManifestFileName);
        var kind = spec.Kind is not null ? RerankerKinds.Normalize(spec.Kind)
            : File.Exists(pulled) ? RerankerKinds.FromManifestKind(ModelManifestLoader.Load(pulled).Kind)
            : "cross-encoder";
        if (kind == "cross-encoder")
        {
            if (spec.Manifest is not null)
            {
                CheckKind(ManifestLocator.Resolve(spec.Manifest), kind, spec.Manifest);
            }

            return new LoadedReranker(kind, CrossEncoderReranker.Create(directory, new CrossEncoderRerankerOptions { OnnxRuntime = runtime }));
        }

        var manifest = FindManifest(kind, directory, spec.Manifest);
        switch (kind)
        {
            case "pointwise":
            case "query-likelihood":
            {
                var model = DecoderOnlyModel.Load(directory, new DecoderRunnerOptions { Runtime = runtime });
                try
                {
                    IReranker reranker = kind == "pointwise" ? new PointwiseReranker(model, manifest) : new QueryLikelihoodReranker(model, manifest);
                    return new LoadedReranker(kind, reranker, model);
                }
                catch
                {
                    model.Dispose();
                    throw;
                }
            }

            case "listwise":
            case "pairwise":
            {
                var (labelModel, owned) = OpenLabelModel(directory, manifest, runtime);
                try
                {
                    IReranker reranker = kind == "listwise"
                        ? new ListwiseReranker(labelModel, ListwisePromptTemplate.FromManifest(manifest))
                        : new PairwiseReranker(labelModel, PairwisePromptTemplate.FromManifest(manifest));
                    return new LoadedReranker(kind, reranker, owned);
                }
                catch
                {
                    owned.Dispose();
                    throw;
                }
            }

            default:
                return new LoadedReranker(kind, T5Reranker.Create(manifest, directory, runtime));
        }
    }

    /// <summary>The manifest for <paramref name="kind"/>: the option, else a matching <c>lrr-model.json</c>, else the kind's default.</summary>
    private static ModelManifest FindManifest(string kind, string directory, string? option)
    {
        if (option is not null)
        {
            return CheckKind(ManifestLocator.Resolve(option), kind, option);
        }

        var pulled = Path.Combine(directory, ModelDownloader.ManifestFileName);
        if (File.Exists(pulled))
        {
            var manifest = ModelManifestLoader.Load(pulled);
            if (manifest.Kind == RerankerKinds.ManifestKind(kind))
            {
                return manifest;
            }
        }

        var fallback = RerankerKinds.DefaultManifest(kind)!;
        return CheckKind(ManifestLocator.Resolve(fallback), kind, fallback);
    }

    private static ModelManifest CheckKind(ModelManifest manifest, string kind, string source)
    {
        var wanted = RerankerKinds.ManifestKind(kind);
        if (manifest.Kind != wanted)
        {
            throw new InvalidDataException(
                $"manifest '{source}' ({manifest.Name}) is of kind {manifest.Kind}, but --reranker {kind} needs a manifest of kind {wanted}");
        }

        return manifest;
    }

    /// <summary>A T5 encoder-decoder when the directory holds <c>encoder_model.onnx</c>, else a decoder-only LLM.</summary>
    private static (IPromptLabelModel Model, IDisposable Owned) OpenLabelModel(string directory, ModelManifest manifest, OnnxRuntimeOptions runtime)
    {
        var files = new T5ModelFiles();
        if (File.Exists(Path.Combine(directory, files.Encoder)))
        {
            var t5 = T5PromptLabelModel.Load(directory, manifest.Name, manifest.MaxLength, files, options: runtime);
            return (t5, t5);
        }

        var decoder = DecoderOnlyModel.Load(directory, new DecoderRunnerOptions { Runtime = runtime });
        return (new DecoderPromptLabelModel(decoder, manifest.Name), decoder);
    }
}
