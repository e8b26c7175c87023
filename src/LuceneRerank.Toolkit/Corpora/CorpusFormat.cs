namespace LuceneRerank.Toolkit.Corpora;

/// <summary>The layout of a corpus file.</summary>
public enum CorpusFormat
{
    /// <summary>Detect from the file name and its first non-blank line (see <see cref="CorpusFormatDetector"/>).</summary>
    Auto,

    /// <summary>BEIR <c>corpus.jsonl</c>: one JSON object per line with <c>_id</c>, <c>title</c>, <c>text</c>.</summary>
    Jsonl,

    /// <summary>Tab-separated <c>id&lt;TAB&gt;text</c> or <c>id&lt;TAB&gt;title&lt;TAB&gt;text</c>, no header.</summary>
    Tsv,
}
