using System.Globalization;
using LuceneRerank.Toolkit.Indexing;
using Spectre.Console;

namespace LuceneRerank.IndexTools.Commands;

/// <summary>
/// Shows build progress: a Spectre.Console progress bar (documents/s, ETA) on a terminal, plain lines every few
/// seconds when the output is redirected or captured.
/// </summary>
internal sealed class BuildProgressDisplay : IProgress<IndexBuildProgress>
{
    private static readonly TimeSpan s_plainInterval = TimeSpan.FromSeconds(5);
    private readonly TextWriter _output;
    private readonly ProgressTask? _task;
    private TimeSpan _lastPlainLine = TimeSpan.Zero;

    private BuildProgressDisplay(TextWriter output, ProgressTask? task)
    {
        _output = output;
        _task = task;
    }

    public static T Run<T>(TextWriter output, Func<IProgress<IndexBuildProgress>, T> build)
    {
        var interactive = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;
        if (!interactive)
        {
            return build(new BuildProgressDisplay(output, null));
        }

        T result = default!;
        AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(context =>
            {
                var task = context.AddTask("indexing", maxValue: 1.0);
                result = build(new BuildProgressDisplay(output, task));
                task.Value = 1.0;
                task.StopTask();
            });
        return result;
    }

    public void Report(IndexBuildProgress value)
    {
        var text = string.Create(CultureInfo.InvariantCulture,
            $"{value.Stage.ToString().ToLowerInvariant()}: {value.Documents:N0} documents, {value.DocumentsPerSecond:N0} docs/s");
        if (_task is not null)
        {
            _task.Description = text;
            _task.Value = value.Fraction;
            return;
        }

        if (value.Stage is IndexBuildStage.Indexing or IndexBuildStage.Embedding && value.Elapsed - _lastPlainLine < s_plainInterval)
        {
            return;
        }

        _lastPlainLine = value.Elapsed;
        if (value.Stage == IndexBuildStage.Completed)
        {
            return;
        }

        var eta = value.EstimatedRemaining is { } remaining ? $", ETA {remaining:hh\\:mm\\:ss}" : string.Empty;
        _output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{text}, {value.Fraction:P0} of the {(value.Stage == IndexBuildStage.Embedding ? "documents" : "corpus read")}{eta}"));
    }
}
