using System.Buffers;
using System.Numerics.Tensors;

namespace LuceneRerank.Reranking.Generation;

/// <summary>
/// Picks the next token of one continuation from its logits: greedy (the highest logit, the lowest id on ties) when
/// the temperature is 0, else a draw from softmax(logits / temperature) restricted to the nucleus of
/// <see cref="GenerationOptions.TopP"/>, with a random generator of its own (so a row's draws do not depend on
/// which rows share its batch).
/// </summary>
internal sealed class TokenSampler
{
    private readonly float _temperature;
    private readonly float _topP;
    private readonly Random? _random;

    /// <summary>Creates the sampler of one prompt; <paramref name="seed"/> is used when sampling.</summary>
    public TokenSampler(float temperature, float topP, int seed)
    {
        _temperature = temperature;
        _topP = topP;
        _random = temperature > 0 ? new Random(seed) : null;
    }

    /// <summary>The next token id.</summary>
    public int Next(ReadOnlySpan<float> logits)
    {
        if (_random is null)
        {
            return TensorPrimitives.IndexOfMax(logits);
        }

        var probabilities = ArrayPool<float>.Shared.Rent(logits.Length);
        try
        {
            var p = probabilities.AsSpan(0, logits.Length);
            TensorPrimitives.Divide(logits, _temperature, p);
            TensorPrimitives.SoftMax(p, p);
            return _topP >= 1f ? Draw(p) : DrawFromNucleus(p);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(probabilities);
        }
    }

    private int Draw(ReadOnlySpan<float> probabilities)
    {
        var target = _random!.NextDouble() * TensorPrimitives.Sum(probabilities);
        double cumulative = 0;
        for (var id = 0; id < probabilities.Length; id++)
        {
            cumulative += probabilities[id];
            if (cumulative > target)
            {
                return id;
            }
        }

        return TensorPrimitives.IndexOfMax(probabilities); // rounding left the target past the sum
    }

    private int DrawFromNucleus(ReadOnlySpan<float> probabilities)
    {
        // The most probable tokens until their probability mass reaches top-p; draw among them.
        var order = new int[probabilities.Length];
        var keys = new float[probabilities.Length];
        for (var id = 0; id < order.Length; id++)
        {
            order[id] = id;
            keys[id] = -probabilities[id];
        }

        Array.Sort(keys, order);
        double mass = 0;
        var kept = 0;
        while (kept < order.Length && (kept == 0 || mass < _topP))
        {
            mass += probabilities[order[kept]];
            kept++;
        }

        var target = _random!.NextDouble() * mass;
        double cumulative = 0;
        for (var k = 0; k < kept; k++)
        {
            cumulative += probabilities[order[k]];
            if (cumulative > target)
            {
                return order[k];
            }
        }

        return order[kept - 1];
    }
}
