using LuceneRerank.Reranking.Llm;
using Microsoft.ML.OnnxRuntime;

namespace LuceneRerank.Reranking.Generation;

/// <summary>
/// Generates one batch with a key/value cache: a prefill pass per prompt, its cache merged into one left-padded batch
/// cache, then one pass per step that feeds each row's last token with the previous pass's <c>present.*</c> as
/// <c>past_key_values.*</c>.
/// </summary>
/// <remarks>
/// <para>Left padding: prompt r of L tokens in a batch padded to W sits in cache columns W − L … W − 1 (the padding
/// columns hold zeros); its <c>attention_mask</c> is 0 over the padding and 1 over its tokens, and stays so as every
/// step appends a 1 column; its prompt had <c>position_ids</c> 0 … L − 1 and its k-th generated token gets L + k. So
/// every row sees exactly the positions and tokens it would see alone. The prompts are prefilled one at a time because
/// the prefill's logits cover every prompt position (prompt × vocabulary floats, 78 MB for 128 tokens of Qwen3's
/// vocabulary): batching them would multiply that peak by the batch for no gain, as the decoding steps are what a
/// batch speeds up.</para>
/// <para>Rows that end are dropped from the batch: their rows are cut out of the cache (one copy of the cache, only at
/// steps where some row ended), so later passes compute only the rows still generating.</para>
/// </remarks>
internal sealed class GenerationLoop
{
    private const string LogitsName = "logits";

    private static readonly IReadOnlyDictionary<int, float> EmptyTracked = new Dictionary<int, float>();

    private readonly DecoderOnlyModel _model;
    private readonly string[] _pastNames;
    private readonly string[] _outputNames;
    private readonly string[] _presentNames;

    /// <summary>Creates the loop over <paramref name="model"/>, whose past inputs pair with <paramref name="presentNames"/>.</summary>
    public GenerationLoop(DecoderOnlyModel model, string[] presentNames)
    {
        _model = model;
        _pastNames = [.. model.PastInputs.Select(p => p.Name)];
        _presentNames = presentNames;
        _outputNames = [LogitsName, .. presentNames];
    }

    /// <summary>Generates every row of one batch until each has ended.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled (between or inside passes).</exception>
    public void Run(IReadOnlyList<GenerationRow> batch, GenerationSettings settings, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (settings.TimeIsUp)
        {
            foreach (var row in batch)
            {
                row.EndBeforeStart();
            }

            return;
        }

        var width = batch.Max(r => r.Prompt.Length);
        var (active, cache) = PrefillEach(batch, width, settings, cancellationToken);
        if (cache is null)
        {
            return;
        }

        try
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var (logits, next) = Step(active, width, cache, cancellationToken);
                cache.Dispose();
                cache = next;
                List<int> kept;
                try
                {
                    kept = NextTokens(active, logits, 1, settings);
                }
                finally
                {
                    logits.Dispose();
                }

                if (kept.Count == 0)
                {
                    return;
                }

                if (kept.Count < active.Count)
                {
                    cache.KeepRows(kept);
                    active = [.. kept.Select(k => active[k])];
                }
            }
        }
        finally
        {
            cache.Dispose();
        }
    }

    /// <summary>
    /// Prefills the prompts one at a time (so only one prompt's logits, prompt × vocabulary, exist at once: a batched
    /// prefill would hold them for the whole batch), picks each first token, and merges the caches of the rows that go
    /// on into one left-padded cache of <paramref name="width"/> positions.
    /// </summary>
    private (List<GenerationRow> Active, KeyValueCache? Cache) PrefillEach(
        IReadOnlyList<GenerationRow> batch, int width, GenerationSettings settings, CancellationToken cancellationToken)
    {
        var active = new List<GenerationRow>();
        var caches = new List<KeyValueCache>();
        try
        {
            foreach (var row in batch)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (settings.TimeIsUp)
                {
                    row.EndBeforeStart();
                    continue;
                }

                var (logits, cache) = Prefill(row, cancellationToken);
                List<int> kept;
                try
                {
                    kept = NextTokens([row], logits, row.Prompt.Length, settings);
                }
                finally
                {
                    logits.Dispose();
                }

                if (kept.Count == 0)
                {
                    cache.Dispose();
                    continue;
                }

                active.Add(row);
                caches.Add(cache);
            }

            if (caches.Count == 0)
            {
                return (active, null);
            }

            if (caches.Count == 1 && caches[0].Length == width)
            {
                var only = caches[0];
                caches.Clear();
                return (active, only);
            }

            return (active, KeyValueCache.LeftPadded(caches, width));
        }
        finally
        {
            foreach (var cache in caches)
            {
                cache.Dispose();
            }
        }
    }

    private (OrtValue Logits, KeyValueCache Cache) Prefill(GenerationRow row, CancellationToken cancellationToken)
    {
        var length = row.Prompt.Length;
        var ids = row.Prompt.Select(t => (long)t).ToArray();
        var mask = Enumerable.Repeat(1L, length).ToArray();
        var positions = Enumerable.Range(0, length).Select(p => (long)p).ToArray();
        return Pass(1, length, ids, mask, positions, _model.CreateEmptyPast(1), disposePast: true, cacheLength: length, length, 1, cancellationToken);
    }

    private (OrtValue Logits, KeyValueCache Cache) Step(List<GenerationRow> rows, int width, KeyValueCache cache, CancellationToken cancellationToken)
    {
        var total = cache.Length + 1;
        var ids = new long[rows.Count];
        var mask = new long[rows.Count * total];
        var positions = new long[rows.Count];
        for (var r = 0; r < rows.Count; r++)
        {
            var row = rows[r];
            var padding = width - row.Prompt.Length;
            ids[r] = row.Tokens[^1];
            positions[r] = row.Prompt.Length + row.Tokens.Count - 1;
            for (var c = padding; c < total; c++)
            {
                mask[(r * total) + c] = 1;
            }
        }

        // A decoding step is one more token for each row, not a new pass over a sequence: counted as tokens only.
        return Pass(rows.Count, 1, ids, mask, positions, [.. cache.Tensors], disposePast: false, cacheLength: total, rows.Count, 0, cancellationToken);
    }

    private (OrtValue Logits, KeyValueCache Cache) Pass(
        int rows, int sequence, long[] ids, long[] mask, long[] positions, OrtValue[] past, bool disposePast, int cacheLength,
        long tokens, int passes, CancellationToken cancellationToken)
    {
        var names = new List<string> { "input_ids", "attention_mask" };
        var values = new List<OrtValue>
        {
            OrtValue.CreateTensorValueFromMemory(ids, [rows, sequence]),
            OrtValue.CreateTensorValueFromMemory(mask, [rows, mask.Length / rows]),
        };
        try
        {
            if (_model.HasPositionIds)
            {
                names.Add("position_ids");
                values.Add(OrtValue.CreateTensorValueFromMemory(positions, [rows, sequence]));
            }

            names.AddRange(_pastNames);
            var outputs = _model.RunGraph(names, [.. values, .. past], _outputNames, passes, tokens, null, cancellationToken);
            var logits = outputs[0];
            var shape = logits.GetTensorTypeAndShape().Shape;
            if (shape.Length != 3 || shape[0] != rows || shape[1] != sequence)
            {
                outputs.Dispose();
                throw new InvalidDataException(
                    $"{_model.ModelPath}: 'logits' has shape [{string.Join(", ", shape)}]; expected [{rows}, {sequence}, vocabulary].");
            }

            return (logits, KeyValueCache.Take(outputs, 1, _presentNames, rows, cacheLength, _model.ModelPath));
        }
        finally
        {
            foreach (var value in values)
            {
                value.Dispose();
            }

            if (disposePast)
            {
                foreach (var value in past)
                {
                    value.Dispose();
                }
            }
        }
    }

    private List<int> NextTokens(List<GenerationRow> rows, OrtValue logits, int sequence, GenerationSettings settings)
    {
        var vocabulary = (int)logits.GetTensorTypeAndShape().Shape[2];
        var buffer = _model.HalfPrecisionLogits ? new float[vocabulary] : [];
        var timeUp = settings.TimeIsUp;
        var kept = new List<int>(rows.Count);
        for (var r = 0; r < rows.Count; r++)
        {
            var row = rows[r];
            var scores = _model.LogitsRow(logits, (((long)r * sequence) + sequence - 1) * vocabulary, vocabulary, buffer);
            var token = row.Sampler.Next(scores);
            var piece = row.Accept(token, Tracked(scores, settings.TrackedTokenIds), settings, timeUp);
            settings.OnToken?.Invoke(new GenerationStep(row.PromptIndex, row.Tokens.Count - 1, token, piece));
            if (row.StopReason is null)
            {
                kept.Add(r);
            }
        }

        return kept;
    }

    private static IReadOnlyDictionary<int, float> Tracked(ReadOnlySpan<float> logits, int[] ids)
    {
        if (ids.Length == 0)
        {
            return EmptyTracked;
        }

        var logSumExp = DecoderOnlyModel.LogSumExp(logits);
        var tracked = new Dictionary<int, float>(ids.Length);
        foreach (var id in ids)
        {
            tracked[id] = logits[id] - logSumExp;
        }

        return tracked;
    }
}
