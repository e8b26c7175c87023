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
}
