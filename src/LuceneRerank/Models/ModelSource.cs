namespace LuceneRerank.Models;

/// <summary>Where a model's files are downloaded from.</summary>
public sealed record ModelSource
{
    /// <summary>Hugging Face repository (<c>owner/name</c>) the files come from, for example <c>Xenova/ms-marco-MiniLM-L-6-v2</c>.</summary>
    public string? Repository { get; init; }

    /// <summary>Git revision of <see cref="Repository"/>: a 40-hex commit (pinned) or a branch such as <c>main</c> (unpinned).</summary>
    public string? Revision { get; init; }

    /// <summary>
    /// Explicit base URL; a file's URL is this plus its relative path. When absent it is
    /// <c>https://huggingface.co/{Repository}/resolve/{Revision}/</c>.
    /// </summary>
    public string? BaseUrl { get; init; }

    /// <summary>The model card or home page, for people.</summary>
    public string? Homepage { get; init; }

    /// <summary>Whether <see cref="Revision"/> is a full commit id (and so cannot move).</summary>
    public bool IsPinnedRevision => Revision is { Length: 40 } r && r.All(Uri.IsHexDigit);

    /// <summary>The base URL that file paths are appended to.</summary>
    public Uri ResolveBaseUrl()
    {
        if (!string.IsNullOrEmpty(BaseUrl))
        {
            return new Uri(BaseUrl, UriKind.Absolute);
        }

        if (string.IsNullOrEmpty(Repository) || string.IsNullOrEmpty(Revision))
        {
            throw new InvalidOperationException("the model source has neither a baseUrl nor a repository and revision");
        }

        return new Uri($"https://huggingface.co/{Repository}/resolve/{Revision}/", UriKind.Absolute);
    }
}
