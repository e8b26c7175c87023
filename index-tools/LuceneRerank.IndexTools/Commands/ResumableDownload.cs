using LuceneRerank.Toolkit.CommandLine;

namespace LuceneRerank.IndexTools.Commands;

/// <summary>Runs a download command body, telling on interruption that partial downloads resume on the next run.</summary>
internal static class ResumableDownload
{
    public static async Task<int> RunAsync(Func<Task<int>> body)
    {
        try
        {
            return await body();
        }
        catch (OperationCanceledException e) when (e is not CommandInterruptedException)
        {
            throw new CommandInterruptedException("partial downloads were kept and resume on the next run", e);
        }
    }
}
