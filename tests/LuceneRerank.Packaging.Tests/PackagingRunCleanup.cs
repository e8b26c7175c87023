namespace LuceneRerank.Packaging.Tests;

/// <summary>Deletes the temporary feed and builds once every packaging test has run.</summary>
[SetUpFixture]
public sealed class PackagingRunCleanup
{
    /// <summary>Best-effort delete of <see cref="PackedFeed.Root"/>.</summary>
    [OneTimeTearDown]
    public void DeleteFeed()
    {
        if (!PackedFeed.Created)
        {
            return;
        }

        try
        {
            Directory.Delete(PackedFeed.Root, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
