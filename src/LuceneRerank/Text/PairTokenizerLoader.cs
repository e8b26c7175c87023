using LuceneRerank.Models;

namespace LuceneRerank.Text;

/// <summary>
/// Chooses and loads a cross-encoder's tokenizer from the files of a Hugging Face model directory: BERT WordPiece
/// (<c>vocab.txt</c>, or <c>tokenizer.json</c> with a <c>WordPiece</c> model; pairs <c>[CLS] q [SEP] p [SEP]</c> with
/// token types) or XLM-RoBERTa SentencePiece (<c>tokenizer.json</c> with a <c>Unigram</c> model, or
/// <c>sentencepiece.bpe.model</c>; pairs <c>&lt;s&gt; q &lt;/s&gt;&lt;/s&gt; p &lt;/s&gt;</c>, no token types).
/// </summary>
internal static class PairTokenizerLoader
{
    private static readonly HashSet<string> s_xlmRobertaModelTypes = new(StringComparer.Ordinal) { "xlm-roberta", "xlm-roberta-xl", "camembert" };
    private static readonly HashSet<string> s_bertModelTypes = new(StringComparer.Ordinal) { "bert", "distilbert", "electra", "mobilebert" };

    /// <summary>
    /// Loads the tokenizer. <c>tokenizer.json</c>'s <c>model.type</c> decides when that file is present; otherwise
    /// <c>vocab.txt</c> means WordPiece and <c>sentencepiece.bpe.model</c> XLM-RoBERTa. <paramref name="configModelType"/>
    /// (<c>config.json</c>'s <c>model_type</c>) must not contradict the choice.
    /// </summary>
    /// <exception cref="FileNotFoundException">No tokenizer file was given or one does not exist.</exception>
    /// <exception cref="InvalidDataException">A file is unusable or of an unsupported kind; the message names it.</exception>
    public static LoadedPairTokenizer Load(string? vocabPath, string? tokenizerJsonPath, string? tokenizerConfigPath,
        string? sentencePieceModelPath, string? configModelType = null, string? configPath = null)
    {
        var xlmRoberta = false;
        string? modelType = null;
        if (tokenizerJsonPath is not null)
        {
            modelType = TokenizerJson.ModelType(tokenizerJsonPath);
            xlmRoberta = modelType switch
            {
                null or "WordPiece" => false,
                "Unigram" => true,
                _ => throw new InvalidDataException(
                    $"{tokenizerJsonPath}: the tokenizer model is '{modelType}'; cross-encoders support 'WordPiece' " +
                    "(BERT family: [CLS] query [SEP] passage [SEP]) and 'Unigram' (XLM-RoBERTa SentencePiece: <s> query </s></s> passage </s>)."),
            };
        }
        else if (vocabPath is null && sentencePieceModelPath is not null)
        {
            xlmRoberta = true;
        }
        else if (vocabPath is null)
        {
            throw new FileNotFoundException("A cross-encoder needs vocab.txt, tokenizer.json or sentencepiece.bpe.model; none was given.");
        }

        if (configModelType is not null)
        {
            if (xlmRoberta && s_bertModelTypes.Contains(configModelType) || !xlmRoberta && s_xlmRobertaModelTypes.Contains(configModelType))
            {
                throw new InvalidDataException(
                    $"{configPath ?? "config.json"} says model_type '{configModelType}' but the tokenizer " +
                    $"({tokenizerJsonPath ?? vocabPath ?? sentencePieceModelPath}) is {(xlmRoberta ? "SentencePiece Unigram (XLM-RoBERTa)" : "WordPiece (BERT)")}.");
            }
        }

        return xlmRoberta
            ? LoadXlmRoberta(tokenizerJsonPath, tokenizerConfigPath, sentencePieceModelPath)
            : LoadBert(vocabPath, tokenizerJsonPath, tokenizerConfigPath);
    }

    private static LoadedPairTokenizer LoadBert(string? vocabPath, string? tokenizerJsonPath, string? tokenizerConfigPath)
    {
        var bert = BertTokenizerLoader.Load(vocabPath, tokenizerJsonPath, tokenizerConfigPath);
        return new LoadedPairTokenizer((max, min) => new BertPairEncoder(bert.Tokenizer, max, min))
        {
            VocabularySize = bert.VocabularySize,
            ModelMaxLength = bert.ModelMaxLength,
            SourcePath = bert.SourcePath,
            Summary = $"WordPiece tokenizer {bert.SourcePath} ({bert.VocabularySize} tokens, {(bert.LowerCase ? "lower-cased" : "cased")}); " +
                      "pairs [CLS] query [SEP] passage [SEP]",
            ReservedPositions = 0,
            SpecialTokensPerPair = BertPairEncoder.SpecialTokensPerPair,
            UsesTokenTypes = true,
        };
    }

    private static LoadedPairTokenizer LoadXlmRoberta(string? tokenizerJsonPath, string? tokenizerConfigPath, string? sentencePieceModelPath)
    {
        var tokenizer = tokenizerJsonPath is not null
            ? XlmRobertaTokenizer.FromTokenizerJson(tokenizerJsonPath)
            : XlmRobertaTokenizer.FromSentencePieceModel(sentencePieceModelPath!);
        return new LoadedPairTokenizer((max, min) => new XlmRobertaPairEncoder(tokenizer, max, min))
        {
            VocabularySize = tokenizer.VocabularySize,
            ModelMaxLength = tokenizerConfigPath is null ? null : ModelMaxLength(tokenizerConfigPath),
            SourcePath = tokenizer.SourcePath,
            Summary = $"SentencePiece Unigram tokenizer {tokenizer.SourcePath} ({tokenizer.VocabularySize} tokens); " +
                      "pairs <s> query </s></s> passage </s>",
            ReservedPositions = 2,
            SpecialTokensPerPair = XlmRobertaPairEncoder.SpecialTokensPerPair,
            UsesTokenTypes = false,
        };
    }

    /// <summary><c>model_max_length</c> of <c>tokenizer_config.json</c> when it is a real limit (Hugging Face writes 1e30 for none).</summary>
    private static int? ModelMaxLength(string path)
    {
        using var document = TokenizerJson.Parse(path);
        return TokenizerJson.ModelMaxLength(document.RootElement);
    }
}
