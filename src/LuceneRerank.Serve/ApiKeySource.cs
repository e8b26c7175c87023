namespace LuceneRerank.Serve;

/// <summary>
/// Reads the API keys of <c>--api-key-env VAR</c> (the variable's value) and <c>--api-key-file FILE</c> (one key a
/// line; blank lines and lines starting with <c>#</c> skipped). Keys are never taken from the command line itself,
/// where other users of the machine could read them.
/// </summary>
internal static class ApiKeySource
{
    /// <exception cref="UsageException">The variable is unset or empty, or the file holds no key.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static IReadOnlyList<string> Read(string? environmentVariable, FileInfo? file)
    {
        var keys = new List<string>();
        if (environmentVariable is not null)
        {
            var value = Environment.GetEnvironmentVariable(environmentVariable);
            if (string.IsNullOrWhiteSpace(value))
            {
                throw new Toolkit.CommandLine.UsageException($"--api-key-env {environmentVariable}: the environment variable is unset or empty");
            }

            keys.Add(value.Trim());
        }

        if (file is not null)
        {
            if (!file.Exists)
            {
                throw new FileNotFoundException($"--api-key-file: {file.FullName} does not exist", file.FullName);
            }

            var fromFile = File.ReadAllLines(file.FullName).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToArray();
            if (fromFile.Length == 0)
            {
                throw new Toolkit.CommandLine.UsageException($"--api-key-file {file.FullName}: the file holds no key");
            }

            keys.AddRange(fromFile);
        }

        return keys;
    }
}
