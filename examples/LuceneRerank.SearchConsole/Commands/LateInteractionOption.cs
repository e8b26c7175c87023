using System.CommandLine;
using System.CommandLine.Parsing;
using LuceneRerank.SearchConsole.Reranking;

namespace LuceneRerank.SearchConsole.Commands;

/// <summary><c>--late-interaction stored|query-time</c>: where a ColBERT reranker's document embeddings come from.</summary>
internal static class LateInteractionOption
{
    /// <summary>The option; it implies <c>--reranker colbert</c> and needs <c>--model</c>.</summary>
    public static Option<string?> Create()
    {
        var option = new Option<string?>("--late-interaction")
        {
            Description = "With --model and --reranker colbert (implied): query-time encodes each hit's text when reranking; stored reads the " +
                          "token embeddings stored in the index at build time.",
        };
        option.AcceptOnlyFromAmong(LateInteractionModes.Names);
        return option;
    }

    /// <summary>
    /// The error of <c>--late-interaction</c> used with the wrong options, or null. An unknown mode or reranker name is
    /// left to those options' own validators.
    /// </summary>
    public static string? Check(OptionResult? mode, string? reranker, bool hasModel)
    {
        if (mode?.Tokens is not [{ } token] || !LateInteractionModes.Names.Contains(token.Value))
        {
            return null;
        }

        if (!hasModel)
        {
            return "--late-interaction needs --model (a ColBERT model directory)";
        }

        try
        {
            return reranker is not null && RerankMethods.Parse(reranker) != RerankMethod.ColBert
                ? $"--late-interaction is for --reranker colbert, not {reranker}"
                : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
