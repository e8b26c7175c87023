namespace LuceneRerank.Downloads;

/// <summary>A downloaded file did not have the expected checksum or size; it was deleted, not moved into place.</summary>
public sealed class ChecksumMismatchException : DownloadException
{
    /// <summary>Creates the exception.</summary>
    public ChecksumMismatchException(string message, Uri url, string destinationPath)
        : base(message, url)
    {
        DestinationPath = destinationPath;
    }

    /// <summary>Where the file would have gone.</summary>
    public string DestinationPath { get; }
}
