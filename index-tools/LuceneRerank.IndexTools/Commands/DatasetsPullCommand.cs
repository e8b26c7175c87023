using System.CommandLine;
using LuceneRerank.Downloads;
using LuceneRerank.Toolkit.Datasets;

namespace LuceneRerank.IndexTools.Commands;

/// <summary><c>lrr-index datasets pull &lt;name&gt; --to &lt;dir&gt;</c>: download a BEIR zip, check its MD5, unpack it.</summary>
internal static class DatasetsPullCommand
{
    public static Command Create()
    {
        var name = new Argument<string>("name")
        {
            Description = $"BEIR dataset: {string.Join(", ", BeirDatasetCatalog.KnownNames)} (others download unverified).",
        };
        var to = new Option<string>("--to") { Description = "Folder to put <name>.zip and the unpacked <name>/ in.", Required = true };
        var baseUrl = new Option<string?>("--base-url")
        {
            Description = $"Download folder URL (default {BeirDatasetCatalog.DefaultBaseUrl}, or ${BeirDatasetCatalog.BaseUrlEnvironmentVariable}).",
        };
        var md5 = new Option<string?>("--md5") { Description = "Expected MD5 of the zip (default: the one BEIR publishes)." };
        var force = new Option<bool>("--force") { Description = "Replace an existing <dir>/<name> folder." };
        var command = new Command("pull", "Download a BEIR dataset zip, verify its published MD5 and unpack it (zip-slip safe).")
        {
            name, to, baseUrl, md5, force,
        };
        command.SetAction((parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            return ResumableDownload.RunAsync(async () =>
            {
                var dataset = parseResult.GetValue(name)!;
                var expected = parseResult.GetValue(md5) ?? BeirDatasetCatalog.PublishedMd5(dataset);
                var url = DownloadHttpClient.ResolveBaseUrl(
                    parseResult.GetValue(baseUrl), BeirDatasetCatalog.BaseUrlEnvironmentVariable, BeirDatasetCatalog.DefaultBaseUrl)!;
                if (expected is null)
                {
                    await output.WriteLineAsync(
                        $"warning: no published checksum for '{dataset}'; the download will be UNVERIFIED (pass --md5 to check one).");
                }

                using var http = DownloadHttpClient.Create();
                var result = await new DatasetPuller(new HttpFileDownloader(http)).PullAsync(
                    dataset, parseResult.GetValue(to)!, url, expected, parseResult.GetValue(force),
                    new DownloadProgressPrinter(output), cancellationToken);
                var check = result.Verified ? $"MD5 {expected} verified" : "UNVERIFIED (no checksum known)";
                await output.WriteLineAsync($"{dataset}: {check}; zip sha256 {result.Sha256.Hex}");
                await output.WriteLineAsync($"unpacked into {result.DatasetDirectory}");
                return 0;
            });
        });
        return command;
    }
}
