using System.CommandLine;
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

    /// <summary>Adds the errors of <paramref name="mode"/> used with the wrong options.</summary>
    public static string? Check(string? mode, string? reranker, bool hasModel)
    {
        if (mode is null)
        {
            return null;
        }

        if (!hasModel)
        {
            return "--late-interaction needs --model (a ColBERT model directory)";
        }

        return reranker is not null && RerankMethods.Parse(reranker) != RerankMethod.ColBert
            ? $"--late-interaction is for --reranker colbert, not {reranker}"
            : null;
    }
}
