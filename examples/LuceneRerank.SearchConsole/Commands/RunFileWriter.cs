using System.Text;
using LuceneRerank.Toolkit.CommandLine;

namespace LuceneRerank.SearchConsole.Commands;

/// <summary>
/// Writes a run file safely: checked before searching (not a folder, not the queries or qrels file, a place that can
/// be written), written to a hidden <c>.NAME.partial</c> beside it, and renamed over <c>NAME</c> only when the batch
/// finished. An interrupted batch leaves <c>NAME</c> as it was and the partial file holding whole lines only (the
/// queries done so far); a failed one deletes the partial file.
/// </summary>
internal sealed class RunFileWriter : IDisposable
{
    private readonly StreamWriter _writer;
    private bool _finished;

    private RunFileWriter(string path, string partialPath, StreamWriter writer)
    {
        Path = path;
        PartialPath = partialPath;
        _writer = writer;
    }

    /// <summary>The run file.</summary>
    public string Path { get; }

    /// <summary>Where the lines go until the batch finishes.</summary>
    public string PartialPath { get; }

    /// <summary>The writer of run lines.</summary>
    public TextWriter Writer => _writer;

    /// <summary>Checks the run path and opens its partial file.</summary>
    /// <param name="runPath">The <c>--run-out</c> path.</param>
    /// <param name="queriesPath">The queries file (must differ).</param>
    /// <param name="qrelsPath">The qrels file (must differ).</param>
    /// <exception cref="UsageException">The path is a folder, or the queries or qrels file.</exception>
    /// <exception cref="IOException">The place cannot be written.</exception>
    public static RunFileWriter Open(string runPath, string? queriesPath, string? qrelsPath)
    {
        var full = System.IO.Path.GetFullPath(runPath);
        if (Directory.Exists(full) || full.EndsWith(System.IO.Path.DirectorySeparatorChar) || full.EndsWith(System.IO.Path.AltDirectorySeparatorChar))
        {
            throw new UsageException($"--run-out {runPath} is a folder; give a file name, e.g. {System.IO.Path.Combine(runPath, "run.txt")}");
        }

        foreach (var (option, other) in new[] { ("--queries", queriesPath), ("--qrels", qrelsPath) })
        {
            if (other is not null && SameFile(full, other))
            {
                throw new UsageException($"--run-out {runPath} is the {option} file; writing the run would overwrite it");
            }
        }

        var directory = System.IO.Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(directory);
        var partial = System.IO.Path.Combine(directory, $".{System.IO.Path.GetFileName(full)}.partial");
        var writer = new StreamWriter(partial, append: false, new UTF8Encoding(false)) { NewLine = "\n" };
        return new RunFileWriter(full, partial, writer);
    }

    /// <summary>Renames the complete run into place.</summary>
    public void Finish()
    {
        _writer.Dispose();
        File.Move(PartialPath, Path, overwrite: true);
        _finished = true;
    }

    /// <summary>Closes the partial file, keeping it (interruption: whole lines of the queries done).</summary>
    public void KeepPartial()
    {
        _writer.Dispose();
        _finished = true;
    }

    /// <summary>Closes and deletes the partial file unless <see cref="Finish"/> or <see cref="KeepPartial"/> ran.</summary>
    public void Dispose()
    {
        if (_finished)
        {
            return;
        }

        try
        {
            _writer.Dispose();
        }
        catch (IOException)
        {
            // The disk may be full; the partial file is deleted below all the same.
        }

        File.Delete(PartialPath);
    }

    private static bool SameFile(string a, string b) =>
        string.Equals(Resolve(a), Resolve(System.IO.Path.GetFullPath(b)),
            OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);

    private static string Resolve(string path)
    {
        var info = new FileInfo(path);
        return info.Exists && info.LinkTarget is not null && info.ResolveLinkTarget(returnFinalTarget: true) is { } target
            ? System.IO.Path.GetFullPath(target.FullName)
            : info.FullName;
    }
}
