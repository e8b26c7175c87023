#!/usr/bin/env bash
# Writes the unit tests' generated cross-encoders and their numpy reference logits into tests/TestModels/generated/
# (git-ignored). Deterministic; does nothing when the generated files are newer than the scripts that make them.
# Needs Debian's /usr/bin/python3 with numpy and onnx (tests/install-test-deps.sh installs them) and ../shared's
# BERT vocabulary. Usage: generate-test-models.sh [OUTPUT_ROOT]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="${1:-$here/generated}"
vocab="${LUCENERERANK_SHARED:-$here/../../../shared}/models/bert-base-uncased-vocab/vocab.txt"
stamp="$out/.stamp"
mkdir -p "$(dirname "$out")"
# One generator at a time (several test processes may ask at once); the others wait and then find it done.
exec 9>"$out.lock"
flock 9
inputs=("$here"/*.py "$here/reference/token-ids.jsonl" "$here/generate-test-models.sh" "$here/XlmR/tokenizer.json" \
    "$here/XlmR/reference-ids.jsonl")
sum=$(cat "${inputs[@]}" | sha256sum | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$sum" ]; then
    exit 0
fi
[ -f "$vocab" ] || { echo "BERT vocabulary not found: $vocab" >&2; exit 1; }
rm -rf "$out.tmp"
mkdir -p "$out.tmp"
/usr/bin/python3 "$here/generate_cross_encoder.py" --vocab "$vocab" --test-set "$out.tmp"
for model in xenova-layout-1-label vocab-txt-2-labels no-token-type-ids; do
    /usr/bin/python3 "$here/reference_forward.py" "$out.tmp/$model" "$here/reference/token-ids.jsonl" 128 \
        "$out.tmp/$model/reference-logits.json"
done
/usr/bin/python3 "$here/reference_forward.py" "$out.tmp/xlm-roberta-1-label" "$here/XlmR/reference-ids.jsonl" 128 \
    "$out.tmp/xlm-roberta-1-label/reference-logits.json"
# Chunking of long passages: per-chunk numpy logits (reference_chunks.py) for the BERT and XLM-R models.
/usr/bin/python3 "$here/reference_chunks.py" "$out.tmp/xenova-layout-1-label" "$here/reference/token-ids.jsonl" 128 \
    "$out.tmp/xenova-layout-1-label/reference-chunk-logits.json"
/usr/bin/python3 "$here/reference_chunks.py" "$out.tmp/xlm-roberta-1-label" "$here/XlmR/reference-ids.jsonl" 128 \
    "$out.tmp/xlm-roberta-1-label/reference-chunk-logits.json"
echo "$sum" > "$out.tmp/.stamp"
rm -rf "$out"
mv "$out.tmp" "$out"
