using System.Net;
using System.Security.Cryptography;
using LuceneRerank.Downloads;
using LuceneRerank.Testing;

namespace LuceneRerank.Models.Downloads.Tests.Downloads;

public sealed class HttpFileDownloaderTests
{
    private LocalHttpServer _server = null!;
    private HttpClient _http = null!;
    private string _dir = null!;
    private byte[] _content = null!;

    [SetUp]
    public void SetUp()
    {
        _server = new LocalHttpServer();
        _http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        _dir = TestPaths.NewTempDirectory();
        _content = new byte[300_000];
        new Random(7).NextBytes(_content);
        _server.AddFile("files/blob.bin", _content);
    }

    [TearDown]
    public void TearDown()
    {
        _http.Dispose();
        _server.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private string Destination => Path.Combine(_dir, "sub", "blob.bin");

    private FileChecksum RightSha256 => FileChecksum.Sha256(Convert.ToHexString(SHA256.HashData(_content)));

    [Test]
    public async Task FullDownloadVerifiesAndRenamesIntoPlace()
    {
        var progress = new List<DownloadProgress>();
        var result = await new HttpFileDownloader(_http).DownloadAsync(
            _server.Url("files/blob.bin"), Destination, new DownloadOptions { ExpectedChecksum = RightSha256, ExpectedSize = _content.Length },
            new SynchronousProgress(progress.Add));

        Assert.That(File.ReadAllBytes(Destination), Is.EqualTo(_content));
        Assert.That(File.Exists(Destination + ".partial"), Is.False);
        Assert.That(result.Verified, Is.True);
        Assert.That(result.ResumedFromBytes, Is.EqualTo(0));
        Assert.That(result.Sha256, Is.EqualTo(RightSha256));
        Assert.That(progress[^1].BytesReceived, Is.EqualTo(_content.Length));
        Assert.That(progress[^1].TotalBytes, Is.EqualTo(_content.Length));
        Assert.That(_server.Requests.Single().Range, Is.Null);
    }

    [Test]
    public async Task ResumesFromPartialFileWithRangeRequest()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Destination)!);
        File.WriteAllBytes(Destination + ".partial", _content.AsSpan(0, 100_000).ToArray());

        var result = await new HttpFileDownloader(_http).DownloadAsync(
            _server.Url("files/blob.bin"), Destination, new DownloadOptions { ExpectedChecksum = RightSha256 });

        Assert.That(File.ReadAllBytes(Destination), Is.EqualTo(_content));
        Assert.That(result.ResumedFromBytes, Is.EqualTo(100_000));
        Assert.That(_server.Requests.Single().Range, Is.EqualTo("bytes=100000-"));
    }

    [Test]
    public async Task InterruptedDownloadKeepsPartialAndNextCallResumes()
    {
        _server.BreakAfterBytes = 120_000;
        var downloader = new HttpFileDownloader(_http);
        var error = await Assert.ThrowsAsync<DownloadException>(() => downloader.DownloadAsync(
            _server.Url("files/blob.bin"), Destination, new DownloadOptions { ExpectedChecksum = RightSha256 }));
        Assert.That(error!.Message, Does.Contain("run again to resume"));
        Assert.That(new FileInfo(Destination + ".partial").Length, Is.EqualTo(120_000));
        Assert.That(File.Exists(Destination), Is.False);

        _server.BreakAfterBytes = null;
        var result = await downloader.DownloadAsync(
            _server.Url("files/blob.bin"), Destination, new DownloadOptions { ExpectedChecksum = RightSha256 });
        Assert.That(result.ResumedFromBytes, Is.EqualTo(120_000));
        Assert.That(File.ReadAllBytes(Destination), Is.EqualTo(_content));
    }

    [Test]
    public async Task ServerThatIgnoresRangeStillGivesTheRightFile()
    {
        _server.SupportsRange = false;
        Directory.CreateDirectory(Path.GetDirectoryName(Destination)!);
        File.WriteAllBytes(Destination + ".partial", _content.AsSpan(0, 50_000).ToArray());

        var result = await new HttpFileDownloader(_http).DownloadAsync(
            _server.Url("files/blob.bin"), Destination, new DownloadOptions { ExpectedChecksum = RightSha256 });

        Assert.That(File.ReadAllBytes(Destination), Is.EqualTo(_content));
        Assert.That(result.ResumedFromBytes, Is.EqualTo(0), "a 200 answer to a Range request restarts from byte 0");
        Assert.That(_server.Requests.Single().Range, Is.EqualTo("bytes=50000-"));
    }

    [Test]
    public async Task PartialFileAsLongAsTheWholeFileRestartsAfter416()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Destination)!);
        File.WriteAllBytes(Destination + ".partial", new byte[_content.Length]);  // wrong bytes, full length

        await new HttpFileDownloader(_http).DownloadAsync(
            _server.Url("files/blob.bin"), Destination, new DownloadOptions { ExpectedChecksum = RightSha256 });

        Assert.That(File.ReadAllBytes(Destination), Is.EqualTo(_content));
        Assert.That(_server.Requests.Select(r => r.Range), Is.EqualTo(new[] { $"bytes={_content.Length}-", null }));
    }

    [Test]
    public async Task CompletePartialFileIsVerifiedWithoutFetchingItAgain()
    {
        // A process killed after the last byte but before the rename leaves the whole file as ".partial".
        Directory.CreateDirectory(Path.GetDirectoryName(Destination)!);
        File.WriteAllBytes(Destination + ".partial", _content);

        var result = await new HttpFileDownloader(_http).DownloadAsync(
            _server.Url("files/blob.bin"), Destination, new DownloadOptions { ExpectedChecksum = RightSha256 });

        Assert.That(File.ReadAllBytes(Destination), Is.EqualTo(_content));
        Assert.That(result.ResumedFromBytes, Is.EqualTo(_content.Length));
        Assert.That(_server.Requests.Select(r => r.Range), Is.EqualTo(new[] { $"bytes={_content.Length}-" }));
    }

    [Test]
    public async Task ResumeOntoACorruptPrefixFetchesOnceMoreFromTheStart()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Destination)!);
        File.WriteAllBytes(Destination + ".partial", new byte[100_000]);  // right length, wrong bytes

        var result = await new HttpFileDownloader(_http).DownloadAsync(
            _server.Url("files/blob.bin"), Destination, new DownloadOptions { ExpectedChecksum = RightSha256 });

        Assert.That(File.ReadAllBytes(Destination), Is.EqualTo(_content));
        Assert.That(result.ResumedFromBytes, Is.EqualTo(0));
        Assert.That(_server.Requests.Select(r => r.Range), Is.EqualTo(new[] { "bytes=100000-", null }));
    }

    [Test]
    public async Task ChecksumMismatchDeletesTheDownloadAndNamesBothHashes()
    {
        var wrong = FileChecksum.Sha256(new string('0', 64));
        var error = await Assert.ThrowsAsync<ChecksumMismatchException>(() => new HttpFileDownloader(_http).DownloadAsync(
            _server.Url("files/blob.bin"), Destination, new DownloadOptions { ExpectedChecksum = wrong }));

        Assert.That(error!.Message, Does.Contain(wrong.Hex).And.Contain(RightSha256.Hex).And.Contain("blob.bin"));
        Assert.That(File.Exists(Destination), Is.False);
        Assert.That(File.Exists(Destination + ".partial"), Is.False);
    }

    [Test]
    public async Task Md5MismatchIsAlsoCaught()
    {
        var wrong = FileChecksum.Md5(new string('a', 32));
        await Assert.ThrowsAsync<ChecksumMismatchException>(() => new HttpFileDownloader(_http).DownloadAsync(
            _server.Url("files/blob.bin"), Destination, new DownloadOptions { ExpectedChecksum = wrong }));
        Assert.That(File.Exists(Destination), Is.False);
    }

    [Test]
    public async Task Md5MatchIsAccepted()
    {
        var md5 = FileChecksum.Md5(Convert.ToHexString(MD5.HashData(_content)));
        var result = await new HttpFileDownloader(_http).DownloadAsync(
            _server.Url("files/blob.bin"), Destination, new DownloadOptions { ExpectedChecksum = md5 });
        Assert.That(result.Verified, Is.True);
    }

    [Test]
    public async Task WrongSizeIsRejected()
    {
        var error = await Assert.ThrowsAsync<ChecksumMismatchException>(() => new HttpFileDownloader(_http).DownloadAsync(
            _server.Url("files/blob.bin"), Destination, new DownloadOptions { ExpectedSize = _content.Length + 1 }));
        Assert.That(error!.Message, Does.Contain($"{_content.Length} bytes"));
        Assert.That(File.Exists(Destination), Is.False);
    }

    [Test]
    public async Task NotFoundNamesStatusAndUrl()
    {
        var error = await Assert.ThrowsAsync<DownloadException>(() => new HttpFileDownloader(_http).DownloadAsync(
            _server.Url("files/missing.bin"), Destination));
        Assert.That(error!.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(error.Message, Does.Contain("404").And.Contain("files/missing.bin"));
        Assert.That(File.Exists(Destination), Is.False);
    }

    [Test]
    public async Task CancellationKeepsThePartialFile()
    {
        _server.StallAfterBytes = 64_000;
        using var cts = new CancellationTokenSource();
        var seen = 0L;
        var progress = new SynchronousProgress(p =>
        {
            seen = p.BytesReceived;
            if (p.BytesReceived >= 64_000)
            {
                cts.Cancel();
            }
        });

        await Assert.CatchAsync<OperationCanceledException>(() => new HttpFileDownloader(_http).DownloadAsync(
            _server.Url("files/blob.bin"), Destination, null, progress, cts.Token));
        Assert.That(seen, Is.EqualTo(64_000));
        Assert.That(File.Exists(Destination), Is.False);
        Assert.That(new FileInfo(Destination + ".partial").Length, Is.EqualTo(64_000));
    }

    [Test]
    public void PlainHttpToANonLoopbackHostIsRefused()
    {
        var error = Assert.Throws<ArgumentException>(() => HttpFileDownloader.EnsureAllowed(new Uri("http://example.com/x.bin")));
        Assert.That(error!.Message, Does.Contain("HTTPS"));
        Assert.DoesNotThrow(() => HttpFileDownloader.EnsureAllowed(new Uri("https://example.com/x.bin")));
        Assert.DoesNotThrow(() => HttpFileDownloader.EnsureAllowed(new Uri("http://127.0.0.1:8080/x.bin")));
    }

    private sealed class SynchronousProgress(Action<DownloadProgress> report) : IProgress<DownloadProgress>
    {
        public void Report(DownloadProgress value) => report(value);
    }
}
