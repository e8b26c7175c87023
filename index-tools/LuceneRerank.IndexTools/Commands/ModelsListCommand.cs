using System.CommandLine;

namespace LuceneRerank.IndexTools.Commands;

/// <summary><c>lrr-index models list</c>: the supported models, their licence and whether their hashes are pinned.</summary>
internal static class ModelsListCommand
{
    public static Command Create()
    {
        var manifests = ModelsCommand.ManifestsOption();
        var command = new Command("list", "List the supported models.") { manifests };
        command.SetAction((parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            return ResumableDownload.RunAsync(() =>
            {
                var catalog = ModelManifests.Catalog(parseResult.GetValue(manifests));
                foreach (var m in catalog.Manifests)
                {
                    var pinned = m.IsFullyPinned ? "pinned" : "unpinned";
                    output.WriteLine($"{m.Name}\t{m.Kind}\t{m.Licence}\tmax {m.MaxLength}\t{pinned}\t{m.Description}");
                }

                return Task.FromResult(0);
            });
        });
        return command;
    }
}
