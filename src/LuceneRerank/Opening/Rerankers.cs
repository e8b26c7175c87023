namespace LuceneRerank;

/// <summary>
/// One line to open any reranker: <c>using var reranker = Rerankers.Open("ms-marco-MiniLM-L-6-v2");</c>.
/// </summary>
public static class Rerankers
{
    /// <summary>
    /// Opens the reranker <paramref name="modelOrManifest"/> names, with every model it needs; the result owns and
    /// disposes them.
    /// </summary>
    /// <remarks>
    /// <para>The argument is read, in this order, as:</para>
    /// <list type="number">
    /// <item><description><b>An existing folder</b>: a model folder. The method is <see cref="RerankerOpenOptions.Method"/>
    /// when set; else the kind of <see cref="RerankerOpenOptions.Manifest"/>; else the kind of the folder's
    /// <c>lrr-model.json</c>; else what its files show: <c>encoder_model.onnx</c> + <c>decoder_model.onnx</c> is a T5
    /// (monoT5, RankT5, listwise or pairwise), a causal-LM <c>config.json</c> is a decoder-only LLM (pointwise, query
    /// likelihood, listwise or pairwise), a <c>*ForSequenceClassification</c> or BERT/XLM-RoBERTa config is a
    /// cross-encoder. A folder that fits several methods is an <see cref="InvalidDataException"/> naming them. The reasoning methods (setwise,
    /// reasoning listwise, reasoning pointwise) are never guessed from files: name their manifest or set the method. The
    /// manifest is <see cref="RerankerOpenOptions.Manifest"/>, else <c>lrr-model.json</c> when its kind fits, else
    /// the method's default (<see cref="RerankMethods.DefaultManifest"/>, for example <c>qwen3-reranker-0.6b</c> for
    /// pointwise).</description></item>
    /// <item><description><b>A <c>.json</c> path</b> (or any existing file): a manifest. The files are in
    /// <see cref="RerankerOpenOptions.ModelDirectory"/>, else the manifest's folder when it holds <c>.onnx</c> files,
    /// else <see cref="ModelCache.FolderOf"/>.</description></item>
    /// <item><description><b>Anything else</b>: a manifest name, alias or file name, found by
    /// <see cref="ModelManifests.Resolve"/> (<c>$LUCENERERANK_MODELS_DIR</c>, else the manifests built into the
    /// library). The files are in <see cref="RerankerOpenOptions.ModelDirectory"/>, else
    /// <see cref="ModelCache.FolderOf"/>; when that folder is absent, a <see cref="DirectoryNotFoundException"/> says
    /// how to download them (<c>lrr-index models pull NAME --to DIR</c>).</description></item>
    /// </list>
    /// </remarks>
    /// <param name="modelOrManifest">A model folder, a manifest file, or a manifest name such as <c>qwen3-reranker-0.6b</c>.</param>
    /// <param name="options">How to open it; default <c>new RerankerOpenOptions()</c> (CPU, method from the model).</param>
    /// <exception cref="ArgumentException">An empty argument, or options that do not fit it (for example a manifest argument together with <see cref="RerankerOpenOptions.Manifest"/>).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="RerankerOpenOptions.MaxLength"/> above what the model or manifest allows.</exception>
    /// <exception cref="InvalidDataException">An ambiguous or unknown model folder, a manifest of another kind than the method, or malformed model files.</exception>
    /// <exception cref="KeyNotFoundException">No manifest has that name (the message lists the known ones).</exception>
    /// <exception cref="Models.ModelManifestException">A manifest file that is missing or invalid.</exception>
    /// <exception cref="DirectoryNotFoundException">The model's files are not where they should be.</exception>
    /// <exception cref="FileNotFoundException">A model file is missing, for example the file of the <see cref="RerankerOpenOptions.Precision"/> asked for.</exception>
    /// <exception cref="Onnx.ExecutionProviderUnavailableException">The execution provider asked for cannot be used.</exception>
    public static OpenedReranker Open(string modelOrManifest, RerankerOpenOptions? options = null)
    {
        if (string.IsNullOrWhiteSpace(modelOrManifest))
        {
            throw new ArgumentException("a model folder, manifest file or manifest name is needed", nameof(modelOrManifest));
        }

        options ??= new RerankerOpenOptions();
        var plan = RerankerTargetResolver.Resolve(modelOrManifest, options);
        var opened = RerankerFamilies.Open(plan, options);
        RerankerOpenLog.Opened(options.LoggerFactory, opened, options.Precision);
        return opened;
    }

    /// <summary>
    /// <see cref="Open"/> on a thread-pool thread (loading a model reads hundreds of megabytes and builds ONNX Runtime
    /// sessions). When <paramref name="cancellationToken"/> is cancelled before the open completes, the task is
    /// cancelled and whatever was opened is disposed.
    /// </summary>
    /// <param name="modelOrManifest">A model folder, a manifest file, or a manifest name (see <see cref="Open"/>).</param>
    /// <param name="options">How to open it; default <c>new RerankerOpenOptions()</c>.</param>
    /// <param name="cancellationToken">Cancels the open.</param>
    public static async Task<OpenedReranker> OpenAsync(string modelOrManifest, RerankerOpenOptions? options = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var opened = await Task.Run(() => Open(modelOrManifest, options), cancellationToken).ConfigureAwait(false);
        if (cancellationToken.IsCancellationRequested)
        {
            opened.Dispose();
            cancellationToken.ThrowIfCancellationRequested();
        }

        return opened;
    }
}
