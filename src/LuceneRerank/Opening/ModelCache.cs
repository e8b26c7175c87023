namespace LuceneRerank;

/// <summary>
/// Where model weights are looked for when <see cref="Rerankers.Open"/> is given a manifest name or path without a
/// model folder: <c>&lt;cache&gt;/&lt;manifest name&gt;</c>.
/// </summary>
public static class ModelCache
{
    /// <summary>Environment variable naming the cache folder.</summary>
    public const string EnvironmentVariable = "LUCENERERANK_MODEL_CACHE";

    /// <summary>
    /// The cache folder: <c>$LUCENERERANK_MODEL_CACHE</c> when set, else <c>~/.cache/lucenererank/models</c>. The folder
    /// need not exist.
    /// </summary>
    public static string DefaultDirectory =>
        Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } fromEnvironment
            ? Path.GetFullPath(fromEnvironment)
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "lucenererank", "models");

    /// <summary>
    /// The folder of <paramref name="manifest"/>'s weights in <see cref="DefaultDirectory"/>:
    /// <c>&lt;cache&gt;/&lt;key&gt;</c>, where the key is the manifest's first alias (for example
    /// <c>ms-marco-MiniLM-L-6-v2</c>, <c>qwen3-reranker-0.6b</c>), else its name with every character that cannot be
    /// in a folder name (such as the <c>/</c> of <c>owner/model</c>) replaced by <c>_</c>.
    /// </summary>
    public static string FolderOf(Models.ModelManifest manifest) => Path.Combine(DefaultDirectory, KeyOf(manifest));

    /// <summary>The folder name <see cref="FolderOf"/> uses for <paramref name="manifest"/>.</summary>
    public static string KeyOf(Models.ModelManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var key = manifest.Aliases.FirstOrDefault(a => !string.IsNullOrWhiteSpace(a)) ?? manifest.Name;
        var invalid = Path.GetInvalidFileNameChars();
        return new string(key.Select(c => c == '/' || c == '\\' || invalid.Contains(c) ? '_' : c).ToArray());
    }
}
