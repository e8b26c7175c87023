namespace LuceneRerank.Benchmarks;

/// <summary>
/// A TSV of <c>query&lt;TAB&gt;passage</c> lines (bench/gpu/make_pairs.py writes one), and its pairs grouped into
/// rerank requests: one per distinct query, holding that query's passages in input order.
/// </summary>
internal sealed class PairFile
{
    private PairFile(IReadOnlyList<(string Query, string Passage)> pairs)
    {
        Pairs = pairs;
        Requests = pairs.Select((pair, index) => (pair.Query, index))
            .GroupBy(p => p.Query, StringComparer.Ordinal)
            .Select(g => new Request(g.Key, [.. g.Select(p => p.index)], [.. g.Select(p => pairs[p.index].Passage)]))
            .ToArray();
    }

    /// <summary>The pairs in file order.</summary>
    public IReadOnlyList<(string Query, string Passage)> Pairs { get; }

    /// <summary>One request per distinct query, in order of first appearance.</summary>
    public IReadOnlyList<Request> Requests { get; }

    /// <summary>The first <paramref name="count"/> pairs (all when fewer), as their own requests.</summary>
    public PairFile Head(int count) => new([.. Pairs.Take(count)]);

    /// <summary>Reads the file; <see cref="InvalidDataException"/> naming the file and line for a line without a tab.</summary>
    public static PairFile Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"pairs file not found: {path}", path);
        }

        var pairs = new List<(string, string)>();
        var number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (line.Length == 0)
            {
                continue;
            }

            var tab = line.IndexOf('\t', StringComparison.Ordinal);
            if (tab < 0)
            {
                throw new InvalidDataException($"{path}:{number}: expected query<TAB>passage, found no tab");
            }

            pairs.Add((line[..tab], line[(tab + 1)..]));
        }

        return pairs.Count == 0 ? throw new InvalidDataException($"{path}: no pairs") : new PairFile(pairs);
    }

    /// <summary>A query and its passages, with their line positions among the pairs.</summary>
    public sealed record Request(string Query, int[] Indices, string[] Passages);
}
