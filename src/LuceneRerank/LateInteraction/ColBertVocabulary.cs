using System.Text;
using System.Text.Json;
using LuceneRerank.Text;

namespace LuceneRerank.LateInteraction;

/// <summary>
/// Token → id of a ColBERT model: <c>vocab.txt</c> (line number) or <c>tokenizer.json</c>'s <c>model.vocab</c>, plus
/// <c>tokenizer.json</c>'s <c>added_tokens</c> (where PyLate keeps marker tokens such as <c>[Q] </c> that it added).
/// Used to resolve marker and skip-list words to ids; the text itself is tokenised by the BERT tokenizer.
/// </summary>
internal static class ColBertVocabulary
{
    /// <summary>Reads the vocabulary; at least one path is given.</summary>
    public static Dictionary<string, int> Load(string? vocabPath, string? tokenizerJsonPath)
    {
        var tokens = new Dictionary<string, int>(StringComparer.Ordinal);
        if (vocabPath is not null)
        {
            var id = 0;
            foreach (var line in Encoding.UTF8.GetString(File.ReadAllBytes(vocabPath)).Split('\n'))
            {
                var token = line.TrimEnd('\r');
                if (token.Length > 0)
                {
                    tokens.TryAdd(token, id);
                }

                id++;
            }
        }

        if (tokenizerJsonPath is not null)
        {
            using var json = TokenizerJson.Parse(tokenizerJsonPath);
            var root = json.RootElement;
            if (vocabPath is null && root.TryGetProperty("model", out var model) && model.TryGetProperty("vocab", out var vocab) &&
                vocab.ValueKind == JsonValueKind.Object)
            {
                foreach (var entry in vocab.EnumerateObject())
                {
                    if (entry.Value.TryGetInt32(out var id))
                    {
                        tokens.TryAdd(entry.Name, id);
                    }
                }
            }

            if (root.TryGetProperty("added_tokens", out var added) && added.ValueKind == JsonValueKind.Array)
            {
                foreach (var token in added.EnumerateArray())
                {
                    if (token.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.String &&
                        token.TryGetProperty("id", out var idValue) && idValue.TryGetInt32(out var id))
                    {
                        tokens[content.GetString()!] = id;
                    }
                }
            }
        }

        return tokens;
    }
}
