using System.Globalization;
using LuceneRerank.Rescoring;

namespace LuceneRerank.SearchConsole.Reranking;

/// <summary>
/// Parses a <c>--stage</c> value, <c>KIND[@MANIFEST]:WINDOW:DIR</c>: the reranker kind, optionally the manifest (a
/// name in <c>models/</c> or a <c>.json</c> path without <c>:</c>), the window, and the model directory (everything
/// after the second colon, so any path works). Such a stage replaces the previous stage's scores with its own.
/// A stage scored by a rerank server is <c>http[@PROTOCOL]:WINDOW:URL</c> (PROTOCOL cohere, the default, tei or
/// kserve; <c>--remote-model</c>, <c>--api-key-env</c> and <c>--tokenizer</c> apply to it).
/// </summary>
internal static class StageParser
{
    /// <summary>The syntax, for help and errors.</summary>
    public const string Syntax = "KIND[@MANIFEST]:WINDOW:DIR or http[@PROTOCOL]:WINDOW:URL";

    /// <summary>Parses <paramref name="text"/>; <see cref="FormatException"/> names the problem.</summary>
    public static RerankerSpec Parse(string text)
    {
        var first = text.IndexOf(':');
        var second = first < 0 ? -1 : text.IndexOf(':', first + 1);
        if (second < 0 || second == text.Length - 1)
        {
            throw new FormatException($"--stage '{text}': expected {Syntax}, e.g. listwise:20:/models/qwen3-0.6b");
        }

        var head = text[..first];
        var at = head.IndexOf('@');
        if ((at < 0 ? head : head[..at]) == RerankerSpec.HttpKind)
        {
            return ParseHttp(text, at < 0 ? "cohere" : head[(at + 1)..], Window(text, first, second), text[(second + 1)..]);
        }

        var kind = RerankMethods.Name(RerankMethods.Parse(at < 0 ? head : head[..at]));
        var manifest = at < 0 ? null : head[(at + 1)..];
        if (manifest is { Length: 0 })
        {
            throw new FormatException($"--stage '{text}': empty manifest after '@'");
        }

        return new RerankerSpec(kind, text[(second + 1)..], manifest, Window(text, first, second), ScoreFusion.Replace);
    }

    private static int Window(string text, int first, int second)
    {
        var windowText = text[(first + 1)..second];
        if (!int.TryParse(windowText, NumberStyles.None, CultureInfo.InvariantCulture, out var window) || window <= 0)
        {
            throw new FormatException($"--stage '{text}': the window '{windowText}' is not a positive integer");
        }

        return window;
    }

    private static RerankerSpec ParseHttp(string text, string protocol, int window, string url)
    {
        try
        {
            var remote = new RemoteStage(RemoteStage.ParseEndpoint(url, "the URL"), RemoteStage.ParseProtocol(protocol));
            return new RerankerSpec(RerankerSpec.HttpKind, url, null, window, ScoreFusion.Replace) { Remote = remote };
        }
        catch (FormatException e)
        {
            throw new FormatException($"--stage '{text}': {e.Message}", e);
        }
    }
}
