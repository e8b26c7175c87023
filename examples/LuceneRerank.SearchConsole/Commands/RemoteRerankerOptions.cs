using System.CommandLine;
using LuceneRerank.Remote;
using LuceneRerank.Rescoring;
using LuceneRerank.SearchConsole.Reranking;

namespace LuceneRerank.SearchConsole.Commands;

/// <summary>
/// The options of a reranker on a rerank server: <c>--reranker http --endpoint URL [--protocol cohere|tei|kserve]
/// [--remote-model NAME] [--api-key-env VAR] [--tokenizer DIR]</c>. <c>--remote-model</c>, <c>--api-key-env</c> and
/// <c>--tokenizer</c> apply to <c>http</c> stages of <c>--stage</c> too.
/// </summary>
internal sealed class RemoteRerankerOptions
{
    /// <summary><c>--endpoint URL</c>.</summary>
    public Option<string?> Endpoint { get; } = new("--endpoint")
    {
        Description = "With --reranker http: the rerank server's URL: its rerank route for cohere and tei " +
                      "(e.g. http://gpu-box:8080/rerank), its root for kserve (e.g. http://triton:8000/).",
    };

    /// <summary><c>--protocol cohere|tei|kserve</c>.</summary>
    public Option<string> Protocol { get; } = CreateProtocol();

    /// <summary><c>--remote-model NAME</c>.</summary>
    public Option<string?> RemoteModel { get; } = new("--remote-model")
    {
        Description = "The model name sent to a cohere-style server, or the model's name on a kserve server (required there).",
    };

    /// <summary><c>--api-key-env VAR</c>.</summary>
    public Option<string?> ApiKeyEnv { get; } = new("--api-key-env")
    {
        Description = "The environment variable holding the server's API key (sent as a Bearer token; never over plain http " +
                      "to a host that is not loopback).",
    };

    /// <summary><c>--tokenizer DIR</c>.</summary>
    public Option<DirectoryInfo?> Tokenizer { get; } = new("--tokenizer")
    {
        Description = "With --protocol kserve: the served model's tokenizer folder (vocab.txt or tokenizer.json, config.json); " +
                      "default --model. Pairs are tokenised here as in process.",
    };

    /// <summary>All of them, to add to a command.</summary>
    public IEnumerable<Option> All => [Endpoint, Protocol, RemoteModel, ApiKeyEnv, Tokenizer];

    /// <summary>The errors of a parse: an endpoint that is not a URL, or remote options without a remote stage.</summary>
    public IEnumerable<string> Errors(System.CommandLine.Parsing.CommandResult result, string? reranker, DirectoryInfo? model, IReadOnlyList<string> stages)
    {
        var http = reranker == RerankerSpec.HttpKind;
        var httpStages = stages.Any(s => s.StartsWith(RerankerSpec.HttpKind + ":", StringComparison.Ordinal)
                                         || s.StartsWith(RerankerSpec.HttpKind + "@", StringComparison.Ordinal));
        var endpoint = result.GetValue(Endpoint);
        if (http && endpoint is null)
        {
            yield return "--reranker http needs --endpoint URL";
        }

        if (!http && (endpoint is not null || result.GetResult(Protocol) is { Implicit: false }))
        {
            yield return "--endpoint and --protocol need --reranker http";
        }

        if (!http && !httpStages && (result.GetValue(RemoteModel) is not null || result.GetValue(ApiKeyEnv) is not null || result.GetValue(Tokenizer) is not null))
        {
            yield return "--remote-model, --api-key-env and --tokenizer need --reranker http or an http --stage";
        }

        if (endpoint is not null)
        {
            string? problem = null;
            try
            {
                RemoteStage.ParseEndpoint(endpoint, "--endpoint");
            }
            catch (FormatException e)
            {
                problem = e.Message;
            }

            if (problem is not null)
            {
                yield return problem;
            }
        }

        if (http && result.GetValue(Protocol) == "kserve" && model is null && result.GetValue(Tokenizer) is null)
        {
            yield return "--protocol kserve needs the served model's tokenizer folder: --model DIR or --tokenizer DIR";
        }
    }

    /// <summary>The first stage for <c>--reranker http</c>: the server, over the settings' window with its fusion.</summary>
    public RerankerSpec FirstStage(ParseResult result, DirectoryInfo? model, int window, ScoreFusion fusion)
    {
        var endpoint = result.GetValue(Endpoint)!;
        var remote = Complete(new RemoteStage(RemoteStage.ParseEndpoint(endpoint, "--endpoint"), RemoteStage.ParseProtocol(result.GetValue(Protocol)!)), result, model);
        return new RerankerSpec(RerankerSpec.HttpKind, endpoint, null, window, fusion) { Remote = remote };
    }

    /// <summary>An <c>http</c> <c>--stage</c> with the shared remote options; any other stage as it is.</summary>
    public RerankerSpec Complete(RerankerSpec stage, ParseResult result, DirectoryInfo? model) =>
        stage.Remote is { } remote ? stage with { Remote = Complete(remote, result, model) } : stage;

    private RemoteStage Complete(RemoteStage remote, ParseResult result, DirectoryInfo? model) => remote with
    {
        Model = result.GetValue(RemoteModel),
        ApiKeyVariable = result.GetValue(ApiKeyEnv),
        TokenizerDirectory = remote.Protocol == RerankProtocol.KServe ? (result.GetValue(Tokenizer) ?? model)?.FullName : null,
    };

    private static Option<string> CreateProtocol()
    {
        var option = new Option<string>("--protocol")
        {
            Description = "With --reranker http: cohere (POST {documents} -> {results: [{index, relevance_score}]}: Cohere, Jina, vLLM, " +
                          "Infinity), tei (Hugging Face TEI /rerank, raw logits) or kserve (KServe v2 / Triton inference of a raw " +
                          "ONNX cross-encoder). Default cohere.",
            DefaultValueFactory = _ => "cohere",
        };
        option.AcceptOnlyFromAmong(RemoteStage.ProtocolNames);
        return option;
    }
}
