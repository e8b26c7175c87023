using System.Text;

namespace LuceneRerank.Text;

/// <summary>
/// A prompt template with named placeholders such as <c>{query}</c> and <c>{document}</c>, parsed once. Rendering is a
/// single pass, so a value that itself contains <c>{document}</c> is never substituted again. <c>{{</c> and
/// <c>}}</c> stand for literal braces.
/// </summary>
internal sealed class PlaceholderTemplate
{
    private readonly (string Text, bool IsPlaceholder)[] _parts;

    private PlaceholderTemplate(string source, (string Text, bool IsPlaceholder)[] parts)
    {
        Source = source;
        _parts = parts;
        Placeholders = parts.Where(p => p.IsPlaceholder).Select(p => p.Text).Distinct(StringComparer.Ordinal).ToArray();
    }

    /// <summary>The template text as written.</summary>
    public string Source { get; }

    /// <summary>The placeholder names the template uses, in order of first use.</summary>
    public IReadOnlyList<string> Placeholders { get; }

    /// <summary>
    /// Parses <paramref name="template"/>. Throws <see cref="FormatException"/> naming <paramref name="what"/> for an
    /// unclosed brace or a placeholder not in <paramref name="allowed"/>, and when a name in <paramref name="required"/>
    /// is missing.
    /// </summary>
    public static PlaceholderTemplate Parse(string template, IReadOnlyCollection<string> allowed, IReadOnlyCollection<string> required, string what)
    {
        ArgumentNullException.ThrowIfNull(template);
        var parts = new List<(string, bool)>();
        var literal = new StringBuilder();
        for (var i = 0; i < template.Length; i++)
        {
            var c = template[i];
            if ((c == '{' || c == '}') && i + 1 < template.Length && template[i + 1] == c)
            {
                literal.Append(c);
                i++;
                continue;
            }

            if (c == '}')
            {
                throw new FormatException($"{what}: unmatched '}}' at position {i} in \"{template}\" (write '}}}}' for a literal brace).");
            }

            if (c != '{')
            {
                literal.Append(c);
                continue;
            }

            var close = template.IndexOf('}', i + 1);
            if (close < 0)
            {
                throw new FormatException($"{what}: unclosed '{{' at position {i} in \"{template}\".");
            }

            var name = template[(i + 1)..close];
            if (!allowed.Contains(name))
            {
                throw new FormatException($"{what}: unknown placeholder '{{{name}}}' in \"{template}\"; allowed: {string.Join(", ", allowed.Select(a => "{" + a + "}"))}.");
            }

            if (literal.Length > 0)
            {
                parts.Add((literal.ToString(), false));
                literal.Clear();
            }

            parts.Add((name, true));
            i = close;
        }

        if (literal.Length > 0)
        {
            parts.Add((literal.ToString(), false));
        }

        var result = new PlaceholderTemplate(template, [.. parts]);
        foreach (var name in required)
        {
            if (!result.Placeholders.Contains(name))
            {
                throw new FormatException($"{what}: the template \"{template}\" must contain {{{name}}}.");
            }
        }

        return result;
    }

    /// <summary>Renders the template; <paramref name="values"/> must hold every placeholder the template uses.</summary>
    public string Render(IReadOnlyDictionary<string, string> values)
    {
        var sb = new StringBuilder();
        foreach (var (text, isPlaceholder) in _parts)
        {
            sb.Append(isPlaceholder ? values[text] : text);
        }

        return sb.ToString();
    }
}
