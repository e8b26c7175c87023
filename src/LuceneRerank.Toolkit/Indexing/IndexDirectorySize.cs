namespace LuceneRerank.Toolkit.Indexing;

/// <summary>Size on disk of a directory tree.</summary>
public static class IndexDirectorySize
{
    /// <summary>Sum of the sizes of all files under <paramref name="path"/>, in bytes.</summary>
    public static long Of(string path) =>
        Directory.Exists(path)
            ? new DirectoryInfo(path).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length)
            : 0;

    /// <summary>Formats a byte count for people (B, KiB, MiB, GiB).</summary>
    public static string Format(long bytes)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB"];
        double value = bytes;
        var unit = 0;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        return unit == 0 ? $"{bytes} B" : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{value:0.0} {units[unit]}");
    }
}
