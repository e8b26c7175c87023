namespace LuceneRerank.Rescoring;

/// <summary>A copy of one first-pass <c>ScoreDoc</c> with its 0-based rank.</summary>
internal readonly record struct FirstPassHit(int Doc, float Score, int ShardIndex, int Rank);
