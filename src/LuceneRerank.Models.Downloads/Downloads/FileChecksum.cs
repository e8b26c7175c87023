using System.Security.Cryptography;

namespace LuceneRerank.Downloads;

/// <summary>An expected or computed checksum: an algorithm and a lower-case hexadecimal digest.</summary>
public sealed record FileChecksum
{
    /// <summary>Creates a checksum; <paramref name="hex"/> is normalised to lower case and must have the algorithm's length.</summary>
    public FileChecksum(ChecksumAlgorithm algorithm, string hex)
    {
        ArgumentNullException.ThrowIfNull(hex);
        var expectedLength = HexLength(algorithm);
        if (hex.Length != expectedLength || !hex.All(Uri.IsHexDigit))
        {
            throw new ArgumentException(
                $"a {algorithm} checksum is {expectedLength} hexadecimal characters; got '{hex}'", nameof(hex));
        }

        Algorithm = algorithm;
        Hex = hex.ToLowerInvariant();
    }

    /// <summary>The hash algorithm.</summary>
    public ChecksumAlgorithm Algorithm { get; }

    /// <summary>The digest as lower-case hexadecimal.</summary>
    public string Hex { get; }

    /// <summary>A SHA-256 checksum.</summary>
    public static FileChecksum Sha256(string hex) => new(ChecksumAlgorithm.Sha256, hex);

    /// <summary>An MD5 checksum.</summary>
    public static FileChecksum Md5(string hex) => new(ChecksumAlgorithm.Md5, hex);

    /// <summary>The number of hexadecimal characters of a digest of <paramref name="algorithm"/>.</summary>
    public static int HexLength(ChecksumAlgorithm algorithm) => algorithm switch
    {
        ChecksumAlgorithm.Sha256 => 64,
        ChecksumAlgorithm.Md5 => 32,
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "unknown checksum algorithm"),
    };

    /// <summary>Reads <paramref name="path"/> once and returns its digest under <paramref name="algorithm"/>.</summary>
    public static async Task<FileChecksum> ComputeAsync(
        string path, ChecksumAlgorithm algorithm, CancellationToken cancellationToken = default)
    {
        var both = await ComputeWithSha256Async(path, algorithm, cancellationToken).ConfigureAwait(false);
        return both.Requested;
    }

    /// <summary>
    /// Reads <paramref name="path"/> once and returns both its digest under <paramref name="algorithm"/> and its SHA-256
    /// (the same object twice when <paramref name="algorithm"/> is SHA-256).
    /// </summary>
    public static async Task<(FileChecksum Requested, FileChecksum Sha256)> ComputeWithSha256Async(
        string path, ChecksumAlgorithm algorithm, CancellationToken cancellationToken = default)
    {
        using var sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var other = algorithm == ChecksumAlgorithm.Sha256 ? null : IncrementalHash.CreateHash(ToName(algorithm));
        var buffer = new byte[1 << 20];
        await using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true))
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                sha256.AppendData(buffer, 0, read);
                other?.AppendData(buffer, 0, read);
            }
        }

        var shaResult = new FileChecksum(ChecksumAlgorithm.Sha256, Convert.ToHexString(sha256.GetHashAndReset()));
        var requested = other is null ? shaResult : new FileChecksum(algorithm, Convert.ToHexString(other.GetHashAndReset()));
        return (requested, shaResult);
    }

    /// <inheritdoc />
    public override string ToString() => $"{Algorithm.ToString().ToUpperInvariant()} {Hex}";

    private static HashAlgorithmName ToName(ChecksumAlgorithm algorithm) => algorithm switch
    {
        ChecksumAlgorithm.Sha256 => HashAlgorithmName.SHA256,
        ChecksumAlgorithm.Md5 => HashAlgorithmName.MD5,
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "unknown checksum algorithm"),
    };
}
