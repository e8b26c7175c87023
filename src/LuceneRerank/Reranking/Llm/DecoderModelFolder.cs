using LuceneRerank.Onnx;
using LuceneRerank.Text;

namespace LuceneRerank.Reranking.Llm;

/// <summary>
/// What a decoder-only model folder holds, opened once for every runner over it (<see cref="DecoderOnlyModel"/>,
/// <c>DecoderAttentionModel</c>): <c>config.json</c>, <c>tokenizer.json</c> and the graph
/// (<see cref="DecoderRunnerOptions.ModelFile"/>, else with <see cref="DecoderRunnerOptions.PreferFp16"/>
/// <c>model_fp16.onnx</c> or <c>onnx/model_fp16.onnx</c>, else <c>model.onnx</c>, else <c>onnx/model.onnx</c>).
/// </summary>
internal static class DecoderModelFolder
{
    /// <summary>
    /// Reads the folder's config and tokenizer, checks the graph and its external data exist, and creates the session;
    /// <paramref name="create"/> builds the runner over them (the session is disposed if it throws).
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="FileNotFoundException">A file is missing, including an external data file the graph names.</exception>
    /// <exception cref="InvalidDataException">A file is malformed.</exception>
    public static TModel Open<TModel>(
        string modelDirectory,
        DecoderRunnerOptions options,
        Func<string, OnnxModelSession, DecoderModelConfig, ByteLevelBpeTokenizer, TModel> create)
    {
        ArgumentNullException.ThrowIfNull(modelDirectory);
        if (!Directory.Exists(modelDirectory))
        {
            throw new DirectoryNotFoundException($"Model folder not found: {modelDirectory}");
        }

        string[] candidates = options.PreferFp16
            ? ["model_fp16.onnx", Path.Combine("onnx", "model_fp16.onnx"), "model.onnx", Path.Combine("onnx", "model.onnx")]
            : ["model.onnx", Path.Combine("onnx", "model.onnx")];
        var modelPath = options.ModelFile is { } file
            ? Path.Combine(modelDirectory, file)
            : candidates.Select(f => Path.Combine(modelDirectory, f)).FirstOrDefault(File.Exists) ?? Path.Combine(modelDirectory, "model.onnx");
        var config = DecoderModelConfig.FromFile(Path.Combine(modelDirectory, "config.json"));
        var tokenizer = ByteLevelBpeTokenizer.FromDirectory(modelDirectory);
        if (!File.Exists(modelPath))
        {
            throw new FileNotFoundException($"ONNX model file not found: {modelPath}", modelPath);
        }

        OnnxExternalData.EnsurePresent(modelPath);
        var session = OnnxSessionFactory.Create(modelPath, options.Runtime);
        try
        {
            return create(modelPath, session, config, tokenizer);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }
}
