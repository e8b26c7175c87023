using System.CommandLine;
using LuceneRerank.Toolkit;

namespace LuceneRerank.IndexTools.Commands;

/// <summary>Runs a command body, turning input errors into one <c>error: ...</c> line on stderr and exit code 1.</summary>
internal static class CommandRunner
{
    public static int Run(ParseResult parseResult, Func<TextWriter, TextWriter, int> body)
    {
        var output = parseResult.InvocationConfiguration.Output;
        var error = parseResult.InvocationConfiguration.Error;
        try
        {
            return body(output, error);
        }
        catch (Exception e) when (InputErrors.IsInputError(e))
        {
            error.WriteLine("error: " + e.Message);
            return 1;
        }
        catch (OperationCanceledException)
        {
            error.WriteLine("cancelled; nothing was changed");
            return 130;
        }
    }
}
