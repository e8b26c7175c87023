namespace LuceneRerank.Downloads;

/// <summary>How far one download has come.</summary>
/// <param name="FileName">The destination file's name (no folder).</param>
/// <param name="BytesReceived">Bytes of the file on disk so far, including a resumed part.</param>
/// <param name="TotalBytes">The file's full size when the server said it; otherwise null.</param>
public readonly record struct DownloadProgress(string FileName, long BytesReceived, long? TotalBytes);
