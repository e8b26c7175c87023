namespace LuceneRerank.Models;

/// <summary>One file of a model directory.</summary>
public sealed record ModelFileEntry
{
    /// <summary>Path relative to the model directory, with <c>/</c> separators (for example <c>onnx/model.onnx</c>).</summary>
    public string Path { get; init; } = "";

    /// <summary>Pinned SHA-256 (64 lower-case hex), or <see langword="null"/> when not known (unpinned).</summary>
    public string? Sha256 { get; init; }

    /// <summary>Size in bytes when known.</summary>
    public long? Size { get; init; }

    /// <summary>Whether the model works without this file (a download 404 then only skips it). Default false.</summary>
    public bool Optional { get; init; }

    /// <summary>What the file is for (<c>model</c>, <c>model-quantized</c>, <c>tokenizer</c>, <c>config</c>, ...).</summary>
    public string? Role { get; init; }

    /// <summary>A note for people.</summary>
    public string? Note { get; init; }

    /// <summary><see cref="Path"/> with the platform's separator, for joining with a directory.</summary>
    public string LocalPath => Path.Replace('/', System.IO.Path.DirectorySeparatorChar);
}
