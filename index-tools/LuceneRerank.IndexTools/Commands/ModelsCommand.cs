using System.CommandLine;

namespace LuceneRerank.IndexTools.Commands;

/// <summary><c>lrr-index models</c>: list, pull and verify reranker models described by the manifests in <c>models/</c>.</summary>
public static class ModelsCommand
{
    /// <summary>Builds the command group.</summary>
    public static Command Create()
    {
        var command = new Command("models", "List, download and verify reranker models (manifests in models/).");
        command.Subcommands.Add(ModelsListCommand.Create());
        command.Subcommands.Add(ModelsPullCommand.Create());
        command.Subcommands.Add(ModelsVerifyCommand.Create());
        return command;
    }

    /// <summary>The <c>--manifests</c> option shared by the subcommands.</summary>
    internal static Option<string?> ManifestsOption() => new("--manifests")
    {
        Description = $"Folder of model manifests (default: ${ModelManifests.EnvironmentVariable}, else the manifests built into LuceneRerank).",
    };
}
