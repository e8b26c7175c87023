using Lucene.Net.Index;
using Lucene.Net.Store;

namespace LuceneRerank.Toolkit.Indexing;

/// <summary>
/// Names the hidden folders a build keeps beside its target, and repairs what a build that died mid-swap left
/// behind: replacing an index moves the old one to <c>.NAME.replaced-*</c>, then the new one from
/// <c>.NAME.building-*</c> to the target, so a process killed between the two moves leaves no index at the target.
/// </summary>
internal static class IndexSwapRecovery
{
    /// <summary>A fresh temporary build folder beside <paramref name="target"/>.</summary>
    public static string NewBuildingPath(string target) => Sibling(target, BuildingInfix, Guid.NewGuid());

    /// <summary>A fresh folder beside <paramref name="target"/> to move the replaced index to.</summary>
    public static string NewReplacedPath(string target) => Sibling(target, ReplacedInfix, Guid.NewGuid());

    private const string BuildingInfix = ".building-";
    private const string ReplacedInfix = ".replaced-";

    /// <summary>
    /// Repairs an interrupted swap before a new build. With no index at <paramref name="target"/> (absent or an empty
    /// folder), the newest replaced index beside it is moved back (the old index is never lost). With an index at the
    /// target, replaced copies beside it are stale (the swap had finished) and are deleted. Leftover build folders are
    /// deleted: the caller holds the build lock, so no other build can be using one.
    /// </summary>
    /// <returns>What was done or found, one line each, naming the folders; empty when there was nothing.</returns>
    public static IReadOnlyList<string> Recover(string target)
    {
        var parent = Path.GetDirectoryName(target)!;
        if (!System.IO.Directory.Exists(parent))
        {
            return [];
        }

        var notes = new List<string>();
        var prefix = "." + Path.GetFileName(target);
        var replaced = new DirectoryInfo(parent).EnumerateDirectories(prefix + ReplacedInfix + "*")
            .Where(d => HoldsIndex(d.FullName))
            .OrderByDescending(d => d.LastWriteTimeUtc)
            .ToList();
        var targetMissing = !File.Exists(target) && !System.IO.Directory.Exists(target) || !System.IO.Directory.EnumerateFileSystemEntries(target).Any();
        if (targetMissing && replaced.Count > 0)
        {
            if (System.IO.Directory.Exists(target))
            {
                System.IO.Directory.Delete(target);
            }

            System.IO.Directory.Move(replaced[0].FullName, target);
            notes.Add($"restored the index at {target} from {replaced[0].FullName}, where an interrupted replace had left it");
            replaced.RemoveAt(0);
        }

        if (HoldsIndex(target))
        {
            foreach (var stale in replaced)
            {
                System.IO.Directory.Delete(stale.FullName, recursive: true);
                notes.Add($"deleted {stale.FullName}, an old index an interrupted replace had left behind");
            }
        }

        foreach (var building in System.IO.Directory.EnumerateDirectories(parent, prefix + BuildingInfix + "*"))
        {
            // The caller holds the build lock, so no other build is writing here: this one was left by a killed build.
            try
            {
                System.IO.Directory.Delete(building, recursive: true);
                notes.Add($"deleted {building}, left over from an interrupted build");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                notes.Add($"{building} is left over from an interrupted build and could not be deleted ({e.Message})");
            }
        }

        return notes;
    }

    /// <summary>
    /// A hint for an "index not found" message when an interrupted replace left the old index aside, else empty.
    /// </summary>
    public static string AsideHint(string target)
    {
        var full = Path.GetFullPath(target);
        var parent = Path.GetDirectoryName(full);
        if (parent is null || !System.IO.Directory.Exists(parent))
        {
            return string.Empty;
        }

        var aside = System.IO.Directory.EnumerateDirectories(parent, "." + Path.GetFileName(full) + ReplacedInfix + "*")
            .FirstOrDefault(HoldsIndex);
        return aside is null ? string.Empty
            : $"; an interrupted 'lrr-index build --force' left the previous index at {aside}: run the build again (it moves it back) or move it back by hand";
    }

    private static string Sibling(string target, string infix, Guid id) =>
        Path.Combine(Path.GetDirectoryName(target)!, $".{Path.GetFileName(target)}{infix}{id:N}");

    private static bool HoldsIndex(string path)
    {
        if (!System.IO.Directory.Exists(path))
        {
            return false;
        }

        using var directory = FSDirectory.Open(path);
        return DirectoryReader.IndexExists(directory);
    }
}
