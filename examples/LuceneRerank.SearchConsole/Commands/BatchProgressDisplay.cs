using System.Diagnostics;
using System.Globalization;
using Spectre.Console;

namespace LuceneRerank.SearchConsole.Commands;

/// <summary>
/// Shows batch-search progress: a Spectre.Console bar (queries/s, ETA) on a terminal, a plain line on stderr every
/// few seconds when the output is redirected or captured.
/// </summary>
internal sealed class BatchProgressDisplay : IProgress<int>
{
    private static readonly TimeSpan s_plainInterval = TimeSpan.FromSeconds(5);
    private readonly TextWriter _error;
    private readonly int _total;
    private readonly ProgressTask? _task;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private TimeSpan _lastPlainLine = TimeSpan.Zero;

    private BatchProgressDisplay(TextWriter error, int total, ProgressTask? task)
    {
        _error = error;
        _total = total;
        _task = task;
    }

    public static T Run<T>(TextWriter output, TextWriter error, int total, Func<IProgress<int>, T> search)
    {
        var interactive = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;
        if (!interactive)
        {
            return search(new BatchProgressDisplay(error, total, null));
        }

        T result = default!;
        AnsiConsole.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(context =>
            {
                var task = context.AddTask("searching", maxValue: Math.Max(1, total));
                result = search(new BatchProgressDisplay(error, total, task));
                task.StopTask();
            });
        return result;
    }

    public void Report(int value)
    {
        var elapsed = _clock.Elapsed;
        var rate = elapsed.TotalSeconds > 0 ? value / elapsed.TotalSeconds : 0;
        var text = string.Create(CultureInfo.InvariantCulture, $"searching: {value:N0}/{_total:N0} queries, {rate:N1} queries/s");
        if (_task is not null)
        {
            _task.Description = text;
            _task.Value = value;
            return;
        }

        if (elapsed - _lastPlainLine < s_plainInterval || value >= _total)
        {
            return;
        }

        _lastPlainLine = elapsed;
        var eta = rate > 0 ? TimeSpan.FromSeconds((_total - value) / rate) : (TimeSpan?)null;
        _error.WriteLine(text + (eta is { } remaining ? $", ETA {remaining:hh\\:mm\\:ss}" : string.Empty));
    }
}
