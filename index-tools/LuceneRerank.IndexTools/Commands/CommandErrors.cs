using LuceneRerank.Downloads;
using LuceneRerank.Models;

namespace LuceneRerank.IndexTools.Commands;

/// <summary>Runs a command body and turns the errors users can fix into one "error:" line and exit code 1.</summary>
internal static class CommandErrors
{
    public const int Failure = 1;
    public const int Cancelled = 130;

    public static async Task<int> RunAsync(TextWriter error, Func<Task<int>> body)
    {
        try
        {
            return await body();
        }
        catch (OperationCanceledException)
        {
            await error.WriteLineAsync("cancelled; partial downloads were kept and resume on the next run.");
            return Cancelled;
        }
        catch (Exception e) when (e is DownloadException or ModelManifestException or KeyNotFoundException
            or IOException or InvalidDataException or ArgumentException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"error: {e.Message}");
            return Failure;
        }
    }
}
