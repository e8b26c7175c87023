namespace LuceneRerank.Toolkit.Corpora;

/// <summary>Thrown by a line parser for one bad line; <see cref="CorpusReader"/> adds the file and line number.</summary>
internal sealed class CorpusLineException(string problem, Exception? innerException = null) : Exception(problem, innerException);
