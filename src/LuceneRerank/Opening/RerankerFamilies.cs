using LuceneRerank.Models;
using LuceneRerank.Onnx;
using LuceneRerank.Reranking;
using LuceneRerank.Reranking.Generation;
using LuceneRerank.Reranking.Generative;
using LuceneRerank.Reranking.InContext;
using LuceneRerank.Reranking.Listwise;
using LuceneRerank.Reranking.Llm;
using LuceneRerank.Reranking.Pairwise;
using LuceneRerank.Reranking.Reasoning;
using LuceneRerank.Reranking.T5;

namespace LuceneRerank;

/// <summary>
/// Builds the family reranker of a <see cref="RerankerOpenPlan"/> with the options' precision, maximum length and token
/// budget, and hands it, with the models under it, to an <see cref="OpenedReranker"/>. Whatever was loaded before a
/// failure is disposed.
/// </summary>
internal static class RerankerFamilies
{
    /// <summary>Opens the reranker <paramref name="plan"/> describes.</summary>
    public static OpenedReranker Open(RerankerOpenPlan plan, RerankerOpenOptions options)
    {
        var runtime = options.TokenBudget is { } budget ? options.OnnxRuntime with { TokenBudget = budget } : options.OnnxRuntime;
        if (plan.Method != RerankMethod.CrossEncoder && options.Chunking != PassageChunking.None)
        {
            throw new ArgumentException(
                $"Chunking ({options.Chunking}) applies to cross-encoders only, not to the {plan.Method} model in {plan.ModelDirectory}.", nameof(options));
        }

        return plan.Method switch
        {
            RerankMethod.CrossEncoder => OpenCrossEncoder(plan, options, runtime),
            RerankMethod.Pointwise or RerankMethod.QueryLikelihood => OpenDecoderReranker(plan, options, runtime),
            RerankMethod.Listwise or RerankMethod.Pairwise => OpenLabelReranker(plan, options, runtime),
            RerankMethod.MonoT5 or RerankMethod.RankT5 => OpenT5(plan, options, runtime),
            RerankMethod.Icr => OpenIcr(plan, options, runtime),
            RerankMethod.Setwise or RerankMethod.ReasoningListwise or RerankMethod.ReasoningPointwise => OpenReasoning(plan, options, runtime),
            RerankMethod.ColBert when options.StoredEmbeddingsField is not null => StoredEmbeddingFamily.Open(plan, options, runtime),
            RerankMethod.ColBert => ColBertFamily.Open(plan, options, runtime),
            _ => throw new ArgumentOutOfRangeException(nameof(plan), plan.Method, "no reranker family for this method"),
        };
    }

    private static OpenedReranker OpenCrossEncoder(RerankerOpenPlan plan, RerankerOpenOptions options, OnnxRuntimeOptions runtime)
    {
        if (options.Precision != ModelPrecision.Auto)
        {
            ModelFileVariants.Require(plan.ModelDirectory, "model.onnx", options.Precision);
        }

        if (plan.Manifest is { } manifest)
        {
            CheckMaxLength(options.MaxLength, manifest.MaxLength, $"the manifest '{manifest.Name}'");
        }

        var reranker = CrossEncoderReranker.Create(plan.ModelDirectory, new CrossEncoderRerankerOptions
        {
            OnnxRuntime = runtime,
            MaxLength = options.MaxLength ?? plan.Manifest?.MaxLength, // the manifest's maxLength caps pairs, as declared
            MaxTokensPerBatch = options.TokenBudget,
            PreferFp16 = options.Precision == ModelPrecision.Fp16,
            PreferQuantized = options.Precision == ModelPrecision.Int8,
            Name = plan.Manifest?.Name,
            Chunking = options.Chunking,
        });
        return new OpenedReranker(reranker, plan, reranker);
    }

    private static OpenedReranker OpenDecoderReranker(RerankerOpenPlan plan, RerankerOpenOptions options, OnnxRuntimeOptions runtime)
    {
        var manifest = plan.Manifest!;
        var model = LoadDecoder(plan.ModelDirectory, manifest, options, runtime);
        try
        {
            IReranker reranker = plan.Method == RerankMethod.Pointwise
                ? new PointwiseReranker(model, manifest, new PointwiseRerankerOptions { MaxLength = options.MaxLength })
                : new QueryLikelihoodReranker(model, manifest, options.MaxLength);
            return new OpenedReranker(reranker, plan, model);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    private static OpenedReranker OpenLabelReranker(RerankerOpenPlan plan, RerankerOpenOptions options, OnnxRuntimeOptions runtime)
    {
        var manifest = plan.Manifest!;
        IPromptLabelModel labelModel;
        IDisposable owned;
        if (ModelFileVariants.Find(plan.ModelDirectory, "encoder_model.onnx") is not null)
        {
            // The manifest's file roles and extra settings (decoderStartTokenId, extraIds, tokenBudget), as declared;
            // the options' MaxLength and TokenBudget take their place when set.
            var files = T5Files(plan.ModelDirectory, T5PromptLabelModel.FilesOf(manifest), options.Precision);
            CheckMaxLength(options.MaxLength, manifest.MaxLength, $"the manifest '{manifest.Name}'");
            var t5 = T5PromptLabelModel.Load(manifest, plan.ModelDirectory, files, runtime, options.MaxLength, options.TokenBudget);
            (labelModel, owned) = (t5, t5);
        }
        else
        {
            var decoder = LoadDecoder(plan.ModelDirectory, manifest, options, runtime);
            (labelModel, owned) = (new DecoderPromptLabelModel(decoder, manifest.Name), decoder);
        }

        try
        {
            IReranker reranker = plan.Method == RerankMethod.Listwise
                ? new ListwiseReranker(labelModel, ListwisePromptTemplate.FromManifest(manifest))
                : new PairwiseReranker(labelModel, PairwisePromptTemplate.FromManifest(manifest));
            return new OpenedReranker(reranker, plan, owned);
        }
        catch
        {
            owned.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A reasoning reranker over an <see cref="OnnxTextGenerator"/>: the manifest's prompt, its maxLength capped by the
    /// model's positions (and by <see cref="RerankerOpenOptions.MaxLength"/> when set).
    /// </summary>
    private static OpenedReranker OpenReasoning(RerankerOpenPlan plan, RerankerOpenOptions options, OnnxRuntimeOptions runtime)
    {
        var manifest = plan.Manifest!;
        var template = ReasoningPromptTemplate.FromManifest(manifest);
        if (options.MaxLength is { } requested)
        {
            CheckMaxLength(requested, manifest.MaxLength, $"the manifest '{manifest.Name}'");
        }

        var generator = OnnxTextGenerator.Load(plan.ModelDirectory, new DecoderRunnerOptions
        {
            Runtime = runtime,
            MaxLength = options.MaxLength,
            ModelFile = options.Precision == ModelPrecision.Auto ? null : ModelFileVariants.Require(plan.ModelDirectory, "model.onnx", options.Precision),
        });
        try
        {
            var maxLength = Math.Min(options.MaxLength ?? template.MaxLength, generator.MaxLength);
            IReranker reranker = plan.Method switch
            {
                RerankMethod.Setwise => new SetwiseReranker(generator, template, manifest.Name, new SetwiseRerankerOptions { MaxLength = maxLength }),
                RerankMethod.ReasoningListwise => new ReasoningListwiseReranker(generator, template, manifest.Name, new ReasoningListwiseRerankerOptions { MaxLength = maxLength }),
                _ => new ReasoningPointwiseReranker(generator, template, manifest.Name, new ReasoningRerankerOptions { MaxLength = maxLength }),
            };
            return new OpenedReranker(reranker, plan, generator);
        }
        catch
        {
            generator.Dispose();
            throw;
        }
    }

    private static OpenedReranker OpenT5(RerankerOpenPlan plan, RerankerOpenOptions options, OnnxRuntimeOptions runtime)
    {
        var manifest = plan.Manifest!;
        var settings = T5RerankerSettings.FromManifest(manifest);
        CheckMaxLength(options.MaxLength, settings.MaxLength, $"the manifest '{manifest.Name}'");
        settings = settings with
        {
            Files = T5Files(plan.ModelDirectory, settings.Files, options.Precision),
            MaxLength = options.MaxLength ?? settings.MaxLength,
            TokenBudget = options.TokenBudget ?? settings.TokenBudget,
        };
        var reranker = T5Reranker.Create(settings, plan.ModelDirectory, runtime);
        return new OpenedReranker(reranker, plan, reranker);
    }

    private static OpenedReranker OpenIcr(RerankerOpenPlan plan, RerankerOpenOptions options, OnnxRuntimeOptions runtime)
    {
        var manifest = plan.Manifest!;
        CheckMaxLength(options.MaxLength, manifest.MaxLength, $"the manifest '{manifest.Name}'");
        var model = DecoderAttentionModel.Load(plan.ModelDirectory, new DecoderRunnerOptions
        {
            Runtime = runtime,
            MaxLength = options.MaxLength,
            ModelFile = options.Precision == ModelPrecision.Auto ? null : ModelFileVariants.Require(plan.ModelDirectory, "model.onnx", options.Precision),
        });
        try
        {
            return new OpenedReranker(new IcrReranker(model, manifest, options.MaxLength), plan, model);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    private static DecoderOnlyModel LoadDecoder(string directory, ModelManifest manifest, RerankerOpenOptions options, OnnxRuntimeOptions runtime)
    {
        if (options.MaxLength is { } requested)
        {
            CheckMaxLength(requested, manifest.MaxLength, $"the manifest '{manifest.Name}'");
            var configPath = Path.Combine(directory, "config.json");
            if (File.Exists(configPath))
            {
                CheckMaxLength(requested, DecoderModelConfig.FromFile(configPath).MaxPositions, $"{configPath} (max_position_embeddings)");
            }
        }

        return DecoderOnlyModel.Load(directory, new DecoderRunnerOptions
        {
            Runtime = runtime,
            MaxLength = options.MaxLength,
            ModelFile = options.Precision == ModelPrecision.Auto ? null : ModelFileVariants.Require(directory, "model.onnx", options.Precision),
        });
    }

    /// <summary>The T5 files in <paramref name="precision"/>: as named (or under <c>onnx/</c>) for Auto, else the variant of each graph, found in the folder or <c>onnx/</c>.</summary>
    private static T5ModelFiles T5Files(string directory, T5ModelFiles files, ModelPrecision precision) =>
        precision == ModelPrecision.Auto
            ? files with
            {
                Encoder = ModelFileVariants.Find(directory, files.Encoder) ?? files.Encoder,
                Decoder = ModelFileVariants.Find(directory, files.Decoder) ?? files.Decoder,
            }
            : files with
            {
                Encoder = ModelFileVariants.Require(directory, files.Encoder, precision),
                Decoder = ModelFileVariants.Require(directory, files.Decoder, precision),
            };

    internal static void CheckMaxLength(int? requested, int limit, string what)
    {
        if (requested > limit)
        {
            throw new ArgumentOutOfRangeException(nameof(RerankerOpenOptions.MaxLength), requested,
                $"MaxLength {requested} exceeds the {limit} tokens {what} allows");
        }
    }
}
