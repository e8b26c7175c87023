namespace LuceneRerank.Toolkit.CommandLine;

/// <summary>
/// A command line that parses but asks for something impossible (a value out of range, a run file that is the
/// queries file): reported as one <c>error:</c> line with <see cref="ExitCodes.UsageError"/>.
/// </summary>
/// <param name="message">What is wrong, naming the option and value.</param>
public sealed class UsageException(string message) : Exception(message);
