namespace LuceneRerank.Models;

/// <summary>A model manifest could not be read or is not well-formed; the message names the file and the problem.</summary>
public sealed class ModelManifestException : IOException
{
    /// <summary>Creates the exception.</summary>
    public ModelManifestException(string manifestPath, string problem, Exception? innerException = null)
        : base($"{manifestPath}: {problem}", innerException)
    {
        ManifestPath = manifestPath;
        Problem = problem;
    }

    /// <summary>The manifest file (or other origin) that failed.</summary>
    public string ManifestPath { get; }

    /// <summary>What is wrong, without the file name.</summary>
    public string Problem { get; }
}
