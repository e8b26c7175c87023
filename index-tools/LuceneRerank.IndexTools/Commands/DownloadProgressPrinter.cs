using LuceneRerank.Downloads;

namespace LuceneRerank.IndexTools.Commands;

/// <summary>Prints download progress as plain lines (start, every 10%, end), fit for terminals and logs alike.</summary>
internal sealed class DownloadProgressPrinter : IProgress<DownloadProgress>
{
    private readonly TextWriter _output;
    private string? _file;
    private int _lastStep = -1;

    public DownloadProgressPrinter(TextWriter output) => _output = output;

    public void Report(DownloadProgress value)
    {
        if (value.FileName != _file)
        {
            _file = value.FileName;
            _lastStep = -1;
            var resumed = value.BytesReceived > 0 ? $", resuming at {Megabytes(value.BytesReceived)}" : "";
            var total = value.TotalBytes is long t ? Megabytes(t) : "unknown size";
            _output.WriteLine($"  {value.FileName}: {total}{resumed}");
        }

        if (value.TotalBytes is long totalBytes && totalBytes > 0)
        {
            var step = (int)(value.BytesReceived * 10 / totalBytes);
            if (step > _lastStep && step is > 0 and < 10)
            {
                _output.WriteLine($"  {value.FileName}: {step * 10}% ({Megabytes(value.BytesReceived)})");
            }

            _lastStep = Math.Max(_lastStep, step);
        }
    }

    private static string Megabytes(long bytes) => $"{bytes / 1048576.0:F1} MB";
}
