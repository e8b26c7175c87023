using Lucene.Net.Analysis;
using Lucene.Net.Analysis.En;
using Lucene.Net.Util;

namespace LuceneRerank.Toolkit.Indexing;

/// <summary>
/// The one analyzer used both when indexing and when querying: Lucene.NET's <see cref="EnglishAnalyzer"/>
/// (standard tokenizer, English possessive filter, lower-casing, Lucene's English stop words, Porter stemming), the
/// same chain as Anserini/Pyserini's default English analyzer.
/// </summary>
public static class EnglishAnalyzerFactory
{
    /// <summary>The Lucene version whose analysis behaviour is used.</summary>
    public const LuceneVersion Version = LuceneVersion.LUCENE_48;

    /// <summary>A short name recorded in the index's commit data.</summary>
    public const string Name = "lucene-english-porter";

    /// <summary>Creates a new analyzer (dispose it when done).</summary>
    public static Analyzer Create() => new EnglishAnalyzer(Version);
}
