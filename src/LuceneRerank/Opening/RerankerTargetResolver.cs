using LuceneRerank.Models;

namespace LuceneRerank;

/// <summary>
/// Turns the argument of <see cref="Rerankers.Open"/> and its options into a <see cref="RerankerOpenPlan"/> (model
/// folder, method, manifest) without loading a model. The rules are documented on <see cref="Rerankers.Open"/>.
/// </summary>
internal static class RerankerTargetResolver
{
    /// <summary>Resolves <paramref name="modelOrManifest"/>.</summary>
    public static RerankerOpenPlan Resolve(string modelOrManifest, RerankerOpenOptions options)
    {
        if (Directory.Exists(modelOrManifest))
        {
            var folder = Path.GetFullPath(modelOrManifest);
            if (options.ModelDirectory is { } other && !SamePath(other, folder))
            {
                throw new ArgumentException(
                    $"'{modelOrManifest}' is a model folder, so RerankerOpenOptions.ModelDirectory ('{other}') has no use; open the folder, or a manifest with ModelDirectory",
                    nameof(options));
            }

            return ForFolder(folder, options);
        }

        if (options.Manifest is not null)
        {
            throw new ArgumentException(
                $"'{modelOrManifest}' is not a model folder, and RerankerOpenOptions.Manifest ('{options.Manifest}') is only for model folders; " +
                "pass the manifest as the argument and the folder as RerankerOpenOptions.ModelDirectory",
                nameof(options));
        }

        if (ModelManifests.IsPath(modelOrManifest))
        {
            var path = Path.GetFullPath(modelOrManifest);
            var manifest = ModelManifestLoader.Load(path);
            var manifestFolder = Path.GetDirectoryName(path)!;
            var directory = options.ModelDirectory is { } given ? Path.GetFullPath(given)
                : HoldsOnnxFiles(manifestFolder) ? manifestFolder
                : ModelCache.FolderOf(manifest);
            return ForManifest(manifest, path, path, directory, options);
        }

        ModelManifest named;
        try
        {
            named = ModelManifests.Catalog().Find(modelOrManifest);
        }
        catch (KeyNotFoundException e)
        {
            throw new KeyNotFoundException($"'{modelOrManifest}' is not a model folder, a manifest file or a known model name: {e.Message}", e);
        }

        var weights = options.ModelDirectory is { } set ? Path.GetFullPath(set) : ModelCache.FolderOf(named);
        return ForManifest(named, modelOrManifest, ModelCache.KeyOf(named), weights, options);
    }

    private static RerankerOpenPlan ForFolder(string folder, RerankerOpenOptions options)
    {
        var pulledPath = Path.Combine(folder, ModelManifests.FolderManifestFileName);
        var pulled = File.Exists(pulledPath) ? ModelManifestLoader.Load(pulledPath) : null;
        var given = options.Manifest is { } name ? ModelManifests.Resolve(name) : null;
        var method = options.Method != RerankMethod.Auto ? options.Method
            : given is not null ? RerankMethods.FromManifestKind(given.Kind)
            : pulled is not null ? RerankMethods.FromManifestKind(pulled.Kind)
            : Detect(folder);
        if (given is not null)
        {
            return new RerankerOpenPlan(folder, method, CheckKind(given, method, options.Manifest!));
        }

        if (pulled is not null && pulled.Kind == RerankMethods.ManifestKind(method))
        {
            return new RerankerOpenPlan(folder, method, pulled);
        }

        var fallback = RerankMethods.DefaultManifest(method);
        return new RerankerOpenPlan(folder, method, fallback is null ? null : CheckKind(ModelManifests.Resolve(fallback), method, fallback));
    }

    private static RerankerOpenPlan ForManifest(ModelManifest manifest, string source, string pullName, string directory, RerankerOpenOptions options)
    {
        var method = options.Method == RerankMethod.Auto ? RerankMethods.FromManifestKind(manifest.Kind) : options.Method;
        CheckKind(manifest, method, source);
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException(
                $"the files of model '{manifest.Name}' are not in {directory} (the folder does not exist): download them with " +
                $"'lrr-index models pull {Quote(pullName)} --to {Quote(directory)}', or set RerankerOpenOptions.ModelDirectory to the folder that holds them");
        }

        return new RerankerOpenPlan(directory, method, manifest);
    }

    private static RerankMethod Detect(string folder)
    {
        var (candidates, evidence) = ModelFolderInspector.Inspect(folder);
        if (candidates.Length == 1)
        {
            return candidates[0];
        }

        throw new InvalidDataException(
            $"the model folder {folder} holds {evidence}, which can be read as {string.Join(", ", candidates.Select(RerankMethods.Name))}: " +
            $"say which with a manifest (RerankerOpenOptions.Manifest, or a {ModelManifests.FolderManifestFileName} in the folder) or RerankerOpenOptions.Method");
    }

    private static ModelManifest CheckKind(ModelManifest manifest, RerankMethod method, string source)
    {
        var wanted = RerankMethods.ManifestKind(method);
        if (manifest.Kind != wanted)
        {
            throw new InvalidDataException(
                $"manifest '{source}' ({manifest.Name}) is of kind {manifest.Kind}, but the method {RerankMethods.Name(method)} needs a manifest of kind {wanted}");
        }

        return manifest;
    }

    private static bool HoldsOnnxFiles(string folder) =>
        Directory.EnumerateFiles(folder, "*.onnx").Any() ||
        (Directory.Exists(Path.Combine(folder, "onnx")) && Directory.EnumerateFiles(Path.Combine(folder, "onnx"), "*.onnx").Any());

    private static bool SamePath(string a, string b) =>
        string.Equals(Path.TrimEndingDirectorySeparator(Path.GetFullPath(a)), Path.TrimEndingDirectorySeparator(b), StringComparison.Ordinal);

    private static string Quote(string text) => text.Contains(' ') ? $"\"{text}\"" : text;
}
