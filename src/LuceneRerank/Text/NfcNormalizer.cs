using System.Text;
using Microsoft.ML.Tokenizers;

namespace LuceneRerank.Text;

/// <summary>Unicode NFC normalisation, the <c>"NFC"</c> normalizer of a Hugging Face <c>tokenizer.json</c>.</summary>
internal sealed class NfcNormalizer : Normalizer
{
    /// <summary>The one instance; the normalizer has no state.</summary>
    public static NfcNormalizer Instance { get; } = new();

    /// <inheritdoc />
    public override string Normalize(string original) =>
        original.IsNormalized(NormalizationForm.FormC) ? original : original.Normalize(NormalizationForm.FormC);

    /// <inheritdoc />
    public override string Normalize(ReadOnlySpan<char> original) => Normalize(original.ToString());
}
