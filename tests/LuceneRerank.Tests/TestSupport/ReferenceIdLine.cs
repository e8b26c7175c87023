namespace LuceneRerank.Tests.TestSupport;

/// <summary>One line of a token-id reference file read by <see cref="ReferenceIdFile"/>.</summary>
/// <param name="Source">"crafted", <see cref="SciFactText.Corpus"/> or <see cref="SciFactText.Queries"/>.</param>
/// <param name="Id">The SciFact id (or the generator's index of a crafted text); null when the file has none.</param>
/// <param name="Text">The text; null for a SciFact text when ../shared lacks SciFact.</param>
/// <param name="Ids">The reference token ids.</param>
internal sealed record ReferenceIdLine(string Source, string? Id, string? Text, int[] Ids)
{
    /// <summary>Whether the text is a SciFact one (rebuilt from ../shared) rather than a crafted one.</summary>
    public bool IsSciFact => SciFactText.IsSciFact(Source);
}
