using System.CommandLine;
using LuceneRerank.Onnx;
using LuceneRerank.Reranking;
using LuceneRerank.Rescoring;

namespace LuceneRerank.SearchConsole.Commands;

/// <summary>The reranking options of <c>lrr-search</c> (<c>--model</c>, <c>--window</c>, <c>--fusion</c>) and model loading.</summary>
internal static class RerankerOptions
{
    /// <summary><c>--model DIR</c>: a cross-encoder model directory as downloaded from Hugging Face (or by <c>lrr-index models pull</c>).</summary>
    public static Option<DirectoryInfo?> Model(bool required = false) => new("--model")
    {
        Description = "Cross-encoder model directory (model.onnx or onnx/model.onnx, tokenizer.json or vocab.txt, config.json).",
        Required = required,
    };

    /// <summary><c>--window N</c>: BM25 hits given to the model.</summary>
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

    /// <summary>Opens the cross-encoder in <paramref name="directory"/> on the CPU.</summary>
    public static CrossEncoderReranker Load(string directory) => CrossEncoderReranker.Create(directory);

    /// <summary>Whether an exception is a problem with the model the user gave (printed as one line, exit code 1).</summary>
    public static bool IsModelError(Exception exception) =>
        exception is InvalidDataException or ExecutionProviderUnavailableException or DirectoryNotFoundException or FileNotFoundException;
}
