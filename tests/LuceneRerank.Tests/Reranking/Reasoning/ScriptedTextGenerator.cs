using System.Text.RegularExpressions;
using LuceneRerank.Reranking.Generation;

namespace LuceneRerank.Tests.Reranking.Reasoning;

/// <summary>What a scripted rule writes for a prompt, and optionally the log-probabilities at each written token.</summary>
/// <param name="Text">The full output the "model" writes (before stop strings and the token limit are applied).</param>
/// <param name="LogProbabilities">
/// For step i and the token written there, the log-probabilities of token ids; null: probability 1 for the written
/// token and 0 for every other tracked id.
/// </param>
internal sealed record ScriptedOutput(string Text, Func<int, int, IReadOnlyDictionary<int, float>>? LogProbabilities = null);

/// <summary>
/// A test double of <see cref="ITextGenerator"/>: each prompt goes to the first rule whose pattern matches it, and the
/// rule computes the output from the prompt (so an oracle can read the passages and answer deterministically). Tokens
/// are UTF-16 characters (id = the character's code), so token counts are text lengths. The generation options are
/// honoured as the contract says: a stop string ends the text before it, <c>MaxNewTokens</c> cuts the output, and the
/// tracked ids' log-probabilities are recorded at every step. Every prompt and option set is kept for assertions.
/// </summary>
internal sealed class ScriptedTextGenerator : ITextGenerator
{
    private readonly List<(Regex Pattern, Func<string, ScriptedOutput> Respond)> _rules = [];

    /// <summary>Every prompt generated for, in order.</summary>
    public List<string> Prompts { get; } = [];

    /// <summary>The options of every call.</summary>
    public List<GenerationOptions> Calls { get; } = [];

    /// <summary>Adds a rule: prompts matching <paramref name="pattern"/> get <paramref name="respond"/>'s text.</summary>
    public ScriptedTextGenerator On(string pattern, Func<string, string> respond) =>
        On(pattern, prompt => new ScriptedOutput(respond(prompt)));

    /// <summary>Adds a rule with log-probabilities.</summary>
    public ScriptedTextGenerator On(string pattern, Func<string, ScriptedOutput> respond)
    {
        _rules.Add((new Regex(pattern, RegexOptions.Singleline), respond));
        return this;
    }

    public int CountTokens(string text) => text.Length;

    public IReadOnlyList<int> Tokenize(string text) => [.. text.Select(c => (int)c)];

    public string Decode(IReadOnlyList<int> tokenIds) => new([.. tokenIds.Select(id => (char)id)]);

    public Task<IReadOnlyList<GeneratedText>> GenerateAsync(IReadOnlyList<string> prompts, GenerationOptions options, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Calls.Add(options);
        var results = new List<GeneratedText>();
        foreach (var prompt in prompts)
        {
            Prompts.Add(prompt);
            var rule = _rules.FirstOrDefault(r => r.Pattern.IsMatch(prompt));
            if (rule.Respond is null)
            {
                throw new InvalidOperationException($"no scripted rule matches the prompt: {prompt}");
            }

            var output = rule.Respond(prompt);
            var text = output.Text;
            var written = text;
            var reason = GenerationStopReason.EndOfSequence;
            var stop = options.StopStrings
                .Select(s => (Stop: s, At: text.IndexOf(s, StringComparison.Ordinal)))
                .Where(s => s.At >= 0)
                .OrderBy(s => s.At)
                .FirstOrDefault();
            if (stop.Stop is not null && stop.At + stop.Stop.Length <= options.MaxNewTokens)
            {
                written = text[..(stop.At + stop.Stop.Length)];
                text = text[..stop.At];
                reason = GenerationStopReason.StopString;
            }
            else if (text.Length > options.MaxNewTokens)
            {
                text = written = text[..options.MaxNewTokens];
                reason = GenerationStopReason.MaxNewTokens;
            }

            var ids = Tokenize(written);
            var tracked = new List<IReadOnlyDictionary<int, float>>();
            for (var step = 0; step < ids.Count; step++)
            {
                var all = output.LogProbabilities?.Invoke(step, ids[step]);
                tracked.Add(options.TrackedTokenIds.ToDictionary(
                    id => id,
                    id => all is null ? (id == ids[step] ? 0f : float.NegativeInfinity) : all.GetValueOrDefault(id, float.NegativeInfinity)));
            }

            results.Add(new GeneratedText(text, ids, prompt.Length, reason, tracked));
        }

        return Task.FromResult<IReadOnlyList<GeneratedText>>(results);
    }
}
