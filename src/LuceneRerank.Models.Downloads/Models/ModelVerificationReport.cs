namespace LuceneRerank.Models;

/// <summary>The check of a model directory against its manifest.</summary>
/// <param name="Directory">The model directory.</param>
/// <param name="Manifest">The manifest it was checked against.</param>
/// <param name="Files">One entry per manifest file, in manifest order.</param>
public sealed record ModelVerificationReport(string Directory, ModelManifest Manifest, IReadOnlyList<FileVerification> Files)
{
    /// <summary>No required file is missing and no file has a wrong size or hash.</summary>
    public bool IsValid => Files.All(f => !f.IsFailure);

    /// <summary>The failures, one line each, naming the file.</summary>
    public IEnumerable<string> Problems => Files.Where(f => f.IsFailure).Select(f => f.ToString());
}
