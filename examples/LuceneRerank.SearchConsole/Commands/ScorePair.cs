namespace LuceneRerank.SearchConsole.Commands;

/// <summary>One line of a pairs file.</summary>
/// <param name="Query">The query text (before the first tab).</param>
/// <param name="Passage">The passage text (after the first tab; may hold more tabs).</param>
internal sealed record ScorePair(string Query, string Passage);
