using System.CommandLine;

namespace LuceneRerank.IndexTools.Commands;

/// <summary><c>lrr-index datasets</c>: download BEIR datasets.</summary>
public static class DatasetsCommand
{
    /// <summary>Builds the command group.</summary>
    public static Command Create()
    {
        var command = new Command("datasets", "Download BEIR evaluation datasets.");
        command.Subcommands.Add(DatasetsPullCommand.Create());
        return command;
    }
}
