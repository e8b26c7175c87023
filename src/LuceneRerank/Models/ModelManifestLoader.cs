using System.Text.Json;
using System.Text.Json.Serialization;

namespace LuceneRerank.Models;

/// <summary>Reads and checks model manifests; every problem is a <see cref="ModelManifestException"/> naming the file.</summary>
public static class ModelManifestLoader
{
    private static readonly JsonSerializerOptions s_options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        PropertyNameCaseInsensitive = false,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Loads and validates the manifest at <paramref name="path"/>.</summary>
    public static ModelManifest Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new ModelManifestException(path, "manifest file not found");
        }

        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Parses and validates manifest JSON; <paramref name="source"/> names it in errors.</summary>
    public static ModelManifest Parse(string json, string source)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(source);
        ModelManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<ModelManifest>(json, s_options);
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is long line ? $"line {line + 1}" : "unknown line";
            var path = string.IsNullOrEmpty(e.Path) ? "" : $" at {e.Path}";
            throw new ModelManifestException(source, $"invalid manifest JSON ({where}{path}): {FirstSentence(e.Message)}", e);
        }

        if (manifest is null)
        {
            throw new ModelManifestException(source, "the manifest is JSON null");
        }

        var problems = Validate(manifest);
        if (problems.Count > 0)
        {
            throw new ModelManifestException(source, string.Join("; ", problems));
        }

        return manifest;
    }

    /// <summary>Writes <paramref name="manifest"/> as indented JSON (used to keep a copy inside a pulled model directory).</summary>
    public static string Serialize(ModelManifest manifest) => JsonSerializer.Serialize(manifest, s_options);

    /// <summary>Every problem of <paramref name="manifest"/>, in words; empty when it is well-formed.</summary>
    public static IReadOnlyList<string> Validate(ModelManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var problems = new List<string>();
        if (manifest.SchemaVersion != ModelManifest.CurrentSchemaVersion)
        {
            problems.Add($"schemaVersion must be {ModelManifest.CurrentSchemaVersion} (got {manifest.SchemaVersion})");
        }

        Require(problems, manifest.Name, "name");
        Require(problems, manifest.Kind, "kind");
        if (!string.IsNullOrWhiteSpace(manifest.Kind) && !ModelKinds.All.Contains(manifest.Kind, StringComparer.Ordinal))
        {
            problems.Add($"kind '{manifest.Kind}' is not one of {string.Join(", ", ModelKinds.All)}");
        }

        if (ModelKinds.WithoutPrompt.Contains(manifest.Kind) && manifest.Prompt is not null)
        {
            problems.Add($"kind '{manifest.Kind}' reads no prompt section (a {manifest.Kind} model has no prompt); remove 'prompt'");
        }

        if (!ModelKinds.WithoutPrompt.Contains(manifest.Kind) && ModelKinds.All.Contains(manifest.Kind, StringComparer.Ordinal) && manifest.Prompt is null)
        {
            problems.Add($"kind '{manifest.Kind}' needs a prompt section (its template and labels)");
        }

        Require(problems, manifest.Licence, "licence");
        Require(problems, manifest.ScoreMeaning, "scoreMeaning");
        if (manifest.MaxLength <= 0)
        {
            problems.Add("maxLength must be a positive number of tokens");
        }

        ValidateSource(manifest.Source, problems);
        if (manifest.Files.Count == 0)
        {
            problems.Add("files must list at least one file");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < manifest.Files.Count; i++)
        {
            ValidateFile(manifest.Files[i], $"files[{i}]", seen, problems);
        }

        var unpinned = manifest.Files.Any(f => f.Sha256 is null);
        if (unpinned && !(manifest.ChecksumStatus?.StartsWith("unpinned", StringComparison.Ordinal) ?? false))
        {
            problems.Add("some files have no sha256, so checksumStatus must say so (begin with \"unpinned\")");
        }

        if (!unpinned && manifest.ChecksumStatus is not null)
        {
            problems.Add("every file has a sha256, so checksumStatus must be absent");
        }

        return problems;
    }

    private static void ValidateSource(ModelSource source, List<string> problems)
    {
        if (!string.IsNullOrEmpty(source.BaseUrl))
        {
            if (!Uri.TryCreate(source.BaseUrl, UriKind.Absolute, out var url) || url.Scheme != Uri.UriSchemeHttps)
            {
                problems.Add($"source.baseUrl must be an absolute https URL (got '{source.BaseUrl}')");
            }
        }
        else if (string.IsNullOrEmpty(source.Repository) || string.IsNullOrEmpty(source.Revision))
        {
            problems.Add("source needs a baseUrl, or a repository and a revision");
        }
        else if (source.Repository.Split('/').Length != 2)
        {
            problems.Add($"source.repository must be 'owner/name' (got '{source.Repository}')");
        }
    }

    private static void ValidateFile(ModelFileEntry file, string where, HashSet<string> seen, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(file.Path))
        {
            problems.Add($"{where}.path is missing");
            return;
        }

        var segments = file.Path.Split('/');
        if (file.Path.StartsWith('/') || file.Path.Contains('\\') || file.Path.Contains(':') ||
            segments.Any(s => s is "" or "." or ".."))
        {
            problems.Add($"{where}.path '{file.Path}' must be a relative path with '/' separators and no '.' or '..' parts");
        }

        if (!seen.Add(file.Path))
        {
            problems.Add($"{where}.path '{file.Path}' is listed twice");
        }

        if (file.Sha256 is { } hash && (hash.Length != 64 || !hash.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f')))
        {
            problems.Add($"{where}.sha256 of '{file.Path}' must be 64 lower-case hexadecimal characters or null");
        }

        if (file.Size is <= 0)
        {
            problems.Add($"{where}.size of '{file.Path}' must be positive when given");
        }
    }

    private static void Require(List<string> problems, string value, string field)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            problems.Add($"{field} is missing");
        }
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path: ", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}
