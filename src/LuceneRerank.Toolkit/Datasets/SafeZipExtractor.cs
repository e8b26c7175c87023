using System.IO.Compression;

namespace LuceneRerank.Toolkit.Datasets;

/// <summary>
/// Unpacks a zip into a folder, refusing any entry whose path would land outside it ("zip slip": <c>../</c> parts or
/// absolute paths). All entries are checked before anything is written; the files go to a temporary folder first and are
/// moved into place only when the whole archive unpacked.
/// </summary>
internal static class SafeZipExtractor
{
    /// <summary>
    /// Extracts <paramref name="zipPath"/> into <paramref name="destination"/> and returns the top-level names it created.
    /// Throws <see cref="InvalidDataException"/> naming an escaping entry, and <see cref="IOException"/> when a top-level
    /// name already exists and <paramref name="overwrite"/> is false.
    /// </summary>
    public static IReadOnlyList<string> Extract(string zipPath, string destination, bool overwrite)
    {
        ArgumentNullException.ThrowIfNull(zipPath);
        ArgumentNullException.ThrowIfNull(destination);
        var root = Path.GetFullPath(destination);
        Directory.CreateDirectory(root);
        var staging = Path.Combine(root, $".extract-{Guid.NewGuid():N}");
        var stagingPrefix = staging + Path.DirectorySeparatorChar;
        try
        {
            using var archive = ZipFile.OpenRead(zipPath);
            foreach (var entry in archive.Entries)
            {
                var target = Path.GetFullPath(Path.Combine(staging, entry.FullName));
                if (!target.StartsWith(stagingPrefix, StringComparison.Ordinal) && target != staging)
                {
                    throw new InvalidDataException(
                        $"{zipPath}: entry '{entry.FullName}' would be written outside {root} (zip slip); nothing was extracted.");
                }
            }

            Directory.CreateDirectory(staging);
            archive.ExtractToDirectory(staging);
            var items = Directory.EnumerateFileSystemEntries(staging).ToList();
            var conflict = items.Select(i => Path.Combine(root, Path.GetFileName(i)))
                .FirstOrDefault(f => Directory.Exists(f) || File.Exists(f));
            if (conflict is not null && !overwrite)
            {
                throw new IOException($"{conflict} already exists; use --force to replace it.");
            }

            var created = new List<string>();
            foreach (var item in items)
            {
                var name = Path.GetFileName(item);
                var final = Path.Combine(root, name);
                if (Directory.Exists(final) || File.Exists(final))
                {
                    if (Directory.Exists(final))
                    {
                        Directory.Delete(final, recursive: true);
                    }
                    else
                    {
                        File.Delete(final);
                    }
                }

                if (Directory.Exists(item))
                {
                    Directory.Move(item, final);
                }
                else
                {
                    File.Move(item, final);
                }

                created.Add(name);
            }

            return created;
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }
    }
}
