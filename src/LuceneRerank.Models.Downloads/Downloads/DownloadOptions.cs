namespace LuceneRerank.Downloads;

/// <summary>What a download must match before it is moved into place.</summary>
public sealed record DownloadOptions
{
    /// <summary>No checks: the file is kept whatever its content (callers should say it is unverified).</summary>
    public static DownloadOptions Unverified { get; } = new();

    /// <summary>The checksum the complete file must have; <see langword="null"/> checks nothing. Default null.</summary>
    public FileChecksum? ExpectedChecksum { get; init; }

    /// <summary>The size in bytes the complete file must have; <see langword="null"/> checks nothing. Default null.</summary>
    public long? ExpectedSize { get; init; }
}
