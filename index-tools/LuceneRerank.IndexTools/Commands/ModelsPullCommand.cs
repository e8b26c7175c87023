using System.CommandLine;
using LuceneRerank.Downloads;
using LuceneRerank.Models;

namespace LuceneRerank.IndexTools.Commands;

/// <summary><c>lrr-index models pull &lt;name&gt; [--to &lt;dir&gt;] [--base-url URL]</c>: download, resume, verify (default folder: <see cref="ModelCache.FolderOf"/>).</summary>
internal static class ModelsPullCommand
{
    /// <summary>Environment variable that overrides the manifests' download base URL (a mirror or a local server).</summary>
    public const string BaseUrlEnvironmentVariable = "LUCENERERANK_MODELS_BASE_URL";

    public static Command Create()
    {
        var name = new Argument<string>("name") { Description = "Model name or alias (see 'models list'), or a manifest .json file." };
        var to = new Option<string?>("--to")
        {
            Description = $"Model directory to download into (default: the model's folder in the model cache, ${ModelCache.EnvironmentVariable} or " +
                          "~/.cache/lucenererank/models, where Rerankers.Open(name) looks for it).",
        };
        var baseUrl = new Option<string?>("--base-url")
        {
            Description = $"Download from this base URL instead of the manifest's source (also ${BaseUrlEnvironmentVariable}); each file's URL is base + its relative path.",
        };
        var manifests = ModelsCommand.ManifestsOption();
        var command = new Command("pull", "Download a model's files (HTTPS, resumable) and verify their SHA-256.")
        {
            name, to, baseUrl, manifests,
        };
        command.SetAction((parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            return ResumableDownload.RunAsync(async () =>
            {
                var manifest = ModelManifests.Resolve(parseResult.GetValue(name)!, parseResult.GetValue(manifests));
                var url = DownloadHttpClient.ResolveBaseUrl(parseResult.GetValue(baseUrl), BaseUrlEnvironmentVariable, null);
                var directory = parseResult.GetValue(to) ?? ModelCache.FolderOf(manifest);
                await output.WriteLineAsync($"pulling {manifest.Name} ({manifest.Licence}) from {url ?? manifest.Source.ResolveBaseUrl()} into {directory}");
                if (!manifest.IsFullyPinned)
                {
                    await output.WriteLineAsync($"note: {manifest.ChecksumStatus}");
                }

                using var http = DownloadHttpClient.Create();
                var results = await new ModelDownloader(new HttpFileDownloader(http)).PullAsync(
                    manifest, directory, url, new DownloadProgressPrinter(output), cancellationToken);
                foreach (var r in results)
                {
                    var check = r.Outcome == ModelFilePullOutcome.SkippedOptional ? "not on the server (optional)"
                        : r.Pinned ? $"verified sha256 {r.Sha256}"
                        : $"UNVERIFIED (no pinned hash) sha256 {r.Sha256}";
                    await output.WriteLineAsync($"{Describe(r.Outcome),-16} {r.Path}: {check}");
                }

                await output.WriteLineAsync($"done: {directory} (manifest copy {ModelDownloader.ManifestFileName})");
                return 0;
            });
        });
        return command;
    }

    private static string Describe(ModelFilePullOutcome outcome) => outcome switch
    {
        ModelFilePullOutcome.Downloaded => "downloaded",
        ModelFilePullOutcome.Resumed => "resumed",
        ModelFilePullOutcome.AlreadyPresent => "already present",
        ModelFilePullOutcome.SkippedOptional => "skipped",
        _ => outcome.ToString(),
    };
}
