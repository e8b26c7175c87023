namespace LuceneRerank.Models;

/// <summary>The state of one manifest file in a model directory.</summary>
public enum FileVerificationStatus
{
    /// <summary>Present, and its size and SHA-256 match the manifest.</summary>
    Ok,

    /// <summary>Present, but the manifest pins no SHA-256 (size checked when known); its computed hash is reported.</summary>
    Unpinned,

    /// <summary>A required file is absent.</summary>
    Missing,

    /// <summary>An optional file is absent (not an error).</summary>
    OptionalMissing,

    /// <summary>Present with the wrong size.</summary>
    SizeMismatch,

    /// <summary>Present with the wrong SHA-256.</summary>
    HashMismatch,
}
