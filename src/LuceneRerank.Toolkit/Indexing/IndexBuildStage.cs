namespace LuceneRerank.Toolkit.Indexing;

/// <summary>The stage an index build is in.</summary>
public enum IndexBuildStage
{
    /// <summary>Reading the corpus and adding documents.</summary>
    Indexing,

    /// <summary>Committing the index in the temporary directory.</summary>
    Committing,

    /// <summary>Done: the new index is in place.</summary>
    Completed,

    /// <summary>
    /// Rewriting an existing index with token embeddings (<see cref="IndexEmbedder"/>); the progress's byte counts
    /// are documents there.
    /// </summary>
    Embedding,
}
