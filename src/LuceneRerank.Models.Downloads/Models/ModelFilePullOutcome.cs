namespace LuceneRerank.Models;

/// <summary>What <see cref="ModelDownloader"/> did with one file.</summary>
public enum ModelFilePullOutcome
{
    /// <summary>Downloaded from scratch.</summary>
    Downloaded,

    /// <summary>Completed from an earlier <c>.partial</c> file.</summary>
    Resumed,

    /// <summary>Already present with the pinned hash (or, unpinned, present at all); not downloaded again.</summary>
    AlreadyPresent,

    /// <summary>An optional file the server does not have (HTTP 404); skipped.</summary>
    SkippedOptional,
}
