namespace LuceneRerank.Toolkit.Datasets;

/// <summary>
/// The BEIR datasets <c>datasets pull</c> knows, with the MD5 of each zip as published in the "Available Datasets" table
/// of the BEIR README (github.com/beir-cellar/beir, README.md, commit 20b76b0d).
/// </summary>
public static class BeirDatasetCatalog
{
    /// <summary>The public BEIR download folder; a dataset's zip is <c>{BaseUrl}{name}.zip</c>.</summary>
    public const string DefaultBaseUrl = "https://public.ukp.informatik.tu-darmstadt.de/thakur/BEIR/datasets/";

    /// <summary>Environment variable that overrides <see cref="DefaultBaseUrl"/> (a mirror, or a local test server).</summary>
    public const string BaseUrlEnvironmentVariable = "LUCENERERANK_DATASETS_BASE_URL";

    private static readonly Dictionary<string, string> s_md5 = new(StringComparer.Ordinal)
    {
        ["scifact"] = "5f7d1de60b170fc8027bb7898e2efca1",
        ["nfcorpus"] = "a89dba18a62ef92f7d323ec890a0d38d",
        ["fiqa"] = "17918ed23cd04fb15047f73e6c3bd9d9",
        ["arguana"] = "8ad3e3c2a5867cdced806d6503f29b99",
        ["scidocs"] = "38121350fc3a4d2f48850f6aff52e4a9",
        ["trec-covid"] = "ce62140cb23feb9becf6270d0d1fe6d1",
    };

    /// <summary>The dataset names with a published checksum.</summary>
    public static IReadOnlyCollection<string> KnownNames => s_md5.Keys;

    /// <summary>The published MD5 of <paramref name="name"/>'s zip, or null when this catalog has none.</summary>
    public static string? PublishedMd5(string name) => s_md5.GetValueOrDefault(name);

    /// <summary>
    /// Whether <paramref name="name"/> can be a BEIR dataset name (lower-case letters, digits, '-' and '_'): it becomes
    /// part of a URL and a folder name, so nothing else is accepted.
    /// </summary>
    public static bool IsValidName(string name) =>
        name.Length is > 0 and <= 64 && name.All(c => c is >= 'a' and <= 'z' or >= '0' and <= '9' or '-' or '_');
}
