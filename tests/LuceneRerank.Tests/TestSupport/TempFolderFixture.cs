using LuceneRerank.Testing;

namespace LuceneRerank.Tests.TestSupport;

/// <summary>
/// Base of fixtures whose tests write files: <see cref="TempDir"/>, a fresh empty folder per test (made on first use),
/// and <see cref="CopyOfModel"/>, all deleted after each test.
/// </summary>
public abstract class TempFolderFixture
{
    private readonly List<string> _folders = [];
    private string? _tempDir;

    /// <summary>This test's own empty temporary folder.</summary>
    protected string TempDir => _tempDir ??= Track(TestPaths.NewTempDirectory());

    /// <summary>A temporary copy of a generated model directory that the test may change.</summary>
    protected string CopyOfModel(string modelDirectory) => Track(GeneratedModels.CopyToTemp(modelDirectory));

    /// <summary>Deletes the folders this test made.</summary>
    [TearDown]
    public void DeleteTempFolders()
    {
        foreach (var folder in _folders)
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        _folders.Clear();
        _tempDir = null;
    }

    private string Track(string folder)
    {
        _folders.Add(folder);
        return folder;
    }
}
