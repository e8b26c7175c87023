using System.Collections.Concurrent;
using System.Diagnostics;
using LuceneRerank.Testing;

namespace LuceneRerank.Tests.TestSupport;

/// <summary>
/// ONNX graphs without some optional inputs, written by <c>tests/generators/signature-variants/make_variant.py</c>
/// (Debian's /usr/bin/python3 with numpy and onnx) into a temporary folder, once per test run: the input is computed
/// inside the graph the way an export that lacks it behaves (see the script).
/// </summary>
internal static class SignatureVariants
{
    private static readonly ConcurrentDictionary<string, Lazy<string>> s_made = new();
    private static readonly Lazy<string> s_root = new(() =>
    {
        var root = TestPaths.NewTempDirectory();
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
            }
        };
        return root;
    });

    /// <summary>
    /// A copy of <paramref name="modelDirectory"/> (every file but the graph) in a new folder whose
    /// <paramref name="graphFile"/> lacks <paramref name="inputs"/>; made once per distinct request.
    /// </summary>
    public static string Folder(string modelDirectory, string graphFile, params string[] inputs)
    {
        var key = string.Join("|", [modelDirectory, graphFile, .. inputs]);
        return s_made.GetOrAdd(key, _ => new Lazy<string>(() => Make(modelDirectory, graphFile, inputs))).Value;
    }

    private static string Make(string modelDirectory, string graphFile, string[] inputs)
    {
        if (!File.Exists("/usr/bin/python3"))
        {
            Assert.Ignore("Debian's /usr/bin/python3 (with numpy and onnx) is needed to write the signature variants; run tests/install-test-deps.sh");
        }

        var target = Path.Combine(s_root.Value, Guid.NewGuid().ToString("N"));
        foreach (var file in Directory.EnumerateFiles(modelDirectory, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(modelDirectory, file);
            if (relative == graphFile || relative == graphFile + "_data" || relative.EndsWith(".onnx_data", StringComparison.Ordinal))
            {
                continue;
            }

            var destination = Path.Combine(target, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }

        var script = Path.Combine(TestPaths.RepositoryRoot, "tests", "generators", "signature-variants", "make_variant.py");
        var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(Path.Combine(modelDirectory, graphFile));
        start.ArgumentList.Add(Path.Combine(target, graphFile));
        foreach (var input in inputs)
        {
            start.ArgumentList.Add(input);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start /usr/bin/python3");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"make_variant.py failed ({process.ExitCode}): {stdout}{stderr.Result}");
        }

        return target;
    }
}
