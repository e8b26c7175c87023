using LuceneRerank.Toolkit.CommandLine;
using LuceneRerank.Toolkit.Corpora;
using LuceneRerank.Toolkit.Indexing;

namespace LuceneRerank.Toolkit.Tests.CommandLine;

public sealed class ErrorReporterTests
{
    private static (int Code, string Text) Report(Exception e, bool verbose = false, bool terminated = false)
    {
        var error = new StringWriter();
        var code = ErrorReporter.Report(e, error, verbose, terminated);
        return (code, error.ToString());
    }

    [Test]
    public void UsageInputCancellationAndBugsGetTheirNamedCodes()
    {
        Assert.Multiple(() =>
        {
            Assert.That(ErrorReporter.ExitCodeOf(new UsageException("x")), Is.EqualTo(ExitCodes.UsageError));
            Assert.That(ErrorReporter.ExitCodeOf(new CorpusFormatException("c.jsonl", 3, "bad")), Is.EqualTo(ExitCodes.InputError));
            Assert.That(ErrorReporter.ExitCodeOf(new IndexAlreadyExistsException("i", "exists")), Is.EqualTo(ExitCodes.InputError));
            Assert.That(ErrorReporter.ExitCodeOf(new FileNotFoundException("f")), Is.EqualTo(ExitCodes.InputError));
            Assert.That(ErrorReporter.ExitCodeOf(new InvalidDataException("config.json: bad")), Is.EqualTo(ExitCodes.InputError));
            Assert.That(ErrorReporter.ExitCodeOf(new UnauthorizedAccessException("denied")), Is.EqualTo(ExitCodes.InputError));
            Assert.That(ErrorReporter.ExitCodeOf(new OperationCanceledException()), Is.EqualTo(ExitCodes.Interrupted));
            Assert.That(ErrorReporter.ExitCodeOf(new OperationCanceledException(), terminated: true), Is.EqualTo(ExitCodes.Terminated));
            Assert.That(ErrorReporter.ExitCodeOf(new NullReferenceException()), Is.EqualTo(ExitCodes.InternalError));
        });
    }

    [Test]
    public void AUserErrorIsOneLineWithoutAStackTraceUnlessVerbose()
    {
        Exception thrown;
        try
        {
            throw new CorpusFormatException("c.jsonl", 3, "bad JSON:\nsecond line");
        }
        catch (Exception e)
        {
            thrown = e;
        }

        var (code, text) = Report(thrown);
        var (_, verbose) = Report(thrown, verbose: true);

        Assert.That(code, Is.EqualTo(ExitCodes.InputError));
        Assert.That(text, Is.EqualTo("error: c.jsonl:3: bad JSON: second line" + Environment.NewLine));
        Assert.That(verbose, Does.StartWith("error: c.jsonl:3: bad JSON: second line").And.Contain("   at "));
    }

    [Test]
    public void AFullDiskSaysSo()
    {
        var (code, text) = Report(new IOException("No space left on device : '/data/index/_0.fdt'", 28));

        Assert.That(code, Is.EqualTo(ExitCodes.InputError));
        Assert.That(text.TrimEnd(), Is.EqualTo("error: the disk is full: No space left on device : '/data/index/_0.fdt'"));
    }

    [Test]
    public void ABugIsNamedAsOneLineAskingForVerbose()
    {
        var (code, text) = Report(new NullReferenceException("boom"));

        Assert.That(code, Is.EqualTo(ExitCodes.InternalError));
        Assert.That(text.TrimEnd(), Is.EqualTo("error: internal error (NullReferenceException): boom (rerun with --verbose for the stack trace, and please report it)"));
    }

    [Test]
    public void AnInterruptionSaysWhatWasCleanedUp()
    {
        var (code, text) = Report(new CommandInterruptedException("the unfinished folder X was deleted"), terminated: true);

        Assert.That(code, Is.EqualTo(ExitCodes.Terminated));
        Assert.That(text.TrimEnd(), Is.EqualTo("interrupted: the unfinished folder X was deleted"));
    }
}
