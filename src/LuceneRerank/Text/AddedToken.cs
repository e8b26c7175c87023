namespace LuceneRerank.Text;

/// <summary>
/// A token of a <c>tokenizer.json</c>'s <c>added_tokens</c> list (for Qwen3: <c>&lt;|im_start|&gt;</c>,
/// <c>&lt;|im_end|&gt;</c>, <c>&lt;think&gt;</c> …). Such a token is matched verbatim in the text before byte-level BPE runs,
/// so a chat template's markers become their single ids.
/// </summary>
/// <param name="Content">The token's text.</param>
/// <param name="Id">The token's id.</param>
/// <param name="Special">Whether <c>tokenizer.json</c> marks it special (control tokens such as <c>&lt;|im_end|&gt;</c>).</param>
internal sealed record AddedToken(string Content, int Id, bool Special);
