using System.CommandLine;
using LuceneRerank.Models;
using LuceneRerank.Toolkit.CommandLine;

namespace LuceneRerank.IndexTools.Commands;

/// <summary><c>lrr-index models verify &lt;dir&gt; [--manifest name]</c>: checks each file's presence, size and SHA-256.</summary>
internal static class ModelsVerifyCommand
{
    public static Command Create()
    {
        var directory = new Argument<string>("dir") { Description = "The model directory." };
        var manifestName = new Option<string?>("--manifest")
        {
            Description = $"Model name or manifest .json to check against (default: the {ModelDownloader.ManifestFileName} that 'models pull' wrote into the directory).",
        };
        var manifests = ModelsCommand.ManifestsOption();
        var command = new Command("verify", "Check a model directory against its manifest; exit code 1 when a file is missing or wrong.")
        {
            directory, manifestName, manifests,
        };
        command.SetAction((parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            return ResumableDownload.RunAsync(async () =>
            {
                var dir = parseResult.GetValue(directory)!;
                var name = parseResult.GetValue(manifestName);
                ModelManifest manifest;
                if (name is not null)
                {
                    manifest = ModelManifests.Resolve(name, parseResult.GetValue(manifests));
                }
                else
                {
                    var copy = Path.Combine(dir, ModelDownloader.ManifestFileName);
                    if (!File.Exists(copy))
                    {
                        throw new FileNotFoundException(
                            $"{copy} not found: pass --manifest <name> to say which model {dir} should hold.");
                    }

                    manifest = ModelManifestLoader.Load(copy);
                }

                var report = await ModelDirectoryVerifier.VerifyAsync(manifest, dir, cancellationToken);
                foreach (var file in report.Files)
                {
                    await output.WriteLineAsync(file.ToString());
                }

                if (report.IsValid)
                {
                    var unverified = report.Files.Count(f => f.Status == FileVerificationStatus.Unpinned);
                    var suffix = unverified > 0 ? $" ({unverified} file(s) unverified: the manifest pins no hash)" : "";
                    await output.WriteLineAsync($"OK: {dir} holds {manifest.Name}{suffix}");
                    return 0;
                }

                foreach (var problem in report.Problems)
                {
                    await error.WriteLineAsync($"error: {problem}");
                }

                await error.WriteLineAsync($"FAILED: {dir} does not match {manifest.Name}");
                return ExitCodes.InputError;
            });
        });
        return command;
    }
}
