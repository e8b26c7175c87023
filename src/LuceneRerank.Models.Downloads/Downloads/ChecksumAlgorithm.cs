namespace LuceneRerank.Downloads;

/// <summary>A hash algorithm used to check a downloaded or local file.</summary>
public enum ChecksumAlgorithm
{
    /// <summary>SHA-256 (what model manifests pin).</summary>
    Sha256,

    /// <summary>MD5 (what the BEIR dataset table publishes; weak against tampering, fine against corruption).</summary>
    Md5,
}
