namespace LuceneRerank;

/// <summary>
/// The ONNX file of a <see cref="ModelPrecision"/>: <c>NAME.onnx</c> for fp32, <c>NAME_fp16.onnx</c> for fp16 and
/// <c>NAME_quantized.onnx</c> for int8 (the names of Hugging Face / transformers.js ONNX exports), found in the model
/// folder or its <c>onnx/</c> folder.
/// </summary>
internal static class ModelFileVariants
{
    /// <summary>The file name of <paramref name="baseName"/> (<c>model.onnx</c>) in <paramref name="precision"/>.</summary>
    public static string FileName(string baseName, ModelPrecision precision)
    {
        var folder = Path.GetDirectoryName(baseName) ?? "";
        var stem = Path.GetFileNameWithoutExtension(baseName);
        var extension = Path.GetExtension(baseName);
        return precision switch
        {
            ModelPrecision.Fp16 => Path.Combine(folder, stem + "_fp16" + extension),
            ModelPrecision.Int8 => Path.Combine(folder, stem + "_quantized" + extension),
            _ => baseName,
        };
    }

    /// <summary><paramref name="fileName"/> relative to <paramref name="directory"/>: itself, else <c>onnx/</c> + it; null when neither exists.</summary>
    public static string? Find(string directory, string fileName)
    {
        foreach (var candidate in Candidates(fileName))
        {
            if (File.Exists(Path.Combine(directory, candidate)))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>
    /// The path (relative to <paramref name="directory"/>) of <paramref name="baseName"/> in <paramref name="precision"/>.
    /// </summary>
    /// <exception cref="FileNotFoundException">Neither place holds it; the message names the files looked for.</exception>
    public static string Require(string directory, string baseName, ModelPrecision precision)
    {
        var fileName = FileName(baseName, precision);
        return Find(directory, fileName) ?? throw new FileNotFoundException(
            $"precision {precision} needs {string.Join(" or ", Candidates(fileName))} in {directory}, and there is none; " +
            "choose another RerankerOpenOptions.Precision (Auto keeps the default file)",
            Path.Combine(directory, fileName));
    }

    private static string[] Candidates(string fileName) =>
        fileName.Contains('/') || fileName.Contains(Path.DirectorySeparatorChar) ? [fileName] : [fileName, Path.Combine("onnx", fileName)];
}
