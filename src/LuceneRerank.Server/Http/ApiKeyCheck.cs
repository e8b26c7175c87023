using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace LuceneRerank.Server.Http;

/// <summary>
/// Checks <c>Authorization: Bearer KEY</c> against the configured keys in constant time: the SHA-256 of the key sent is
/// compared with the SHA-256 of every configured key with <see cref="CryptographicOperations.FixedTimeEquals"/>, all of
/// them every time, so neither the key's length nor which key matched shows in the timing.
/// </summary>
internal sealed class ApiKeyCheck(IReadOnlyList<string> keys)
{
    private readonly byte[][] _hashes = keys.Select(k => SHA256.HashData(Encoding.UTF8.GetBytes(k))).ToArray();

    /// <summary>Whether keys are required at all.</summary>
    public bool Enabled => _hashes.Length > 0;

    /// <summary>Whether the request may pass: no keys are configured, or it carries one of them.</summary>
    public bool Allows(HttpRequest request)
    {
        if (!Enabled)
        {
            return true;
        }

        var header = request.Headers[HeaderNames.Authorization].ToString();
        const string Bearer = "Bearer ";
        if (!header.StartsWith(Bearer, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var sent = SHA256.HashData(Encoding.UTF8.GetBytes(header[Bearer.Length..].Trim()));
        var match = false;
        foreach (var hash in _hashes)
        {
            match |= CryptographicOperations.FixedTimeEquals(sent, hash);
        }

        return match;
    }
}
