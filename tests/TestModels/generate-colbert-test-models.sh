#!/usr/bin/env bash
# Writes the ColBERT unit-test models (generate_colbert.py: colbertv2-layout and pylate-layout) and their independent
# numpy references (reference_colbert.py -> reference-colbert.json) into tests/TestModels/generated-colbert/
# (git-ignored). Deterministic; does nothing when up to date. Needs Debian's /usr/bin/python3 with numpy and onnx
# (tests/install-test-deps.sh) and ../shared's BERT vocabulary. Usage: generate-colbert-test-models.sh [OUTPUT_ROOT]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="${1:-$here/generated-colbert}"
vocab="${LUCENERERANK_SHARED:-$here/../../../shared}/models/bert-base-uncased-vocab/vocab.txt"
stamp="$out/.stamp"
mkdir -p "$(dirname "$out")"
exec 9>"$out.lock"
flock 9
inputs=("$here/generate_colbert.py" "$here/reference_colbert.py" "$here/bert_onnx_builder.py" "$here/hf_files.py" \
    "$here/reference/token-ids.jsonl" "$here/generate-colbert-test-models.sh")
sum=$(cat "${inputs[@]}" | sha256sum | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$sum" ]; then
    exit 0
fi
[ -f "$vocab" ] || { echo "BERT vocabulary not found: $vocab" >&2; exit 1; }
rm -rf "$out.tmp"
mkdir -p "$out.tmp"
/usr/bin/python3 "$here/generate_colbert.py" --vocab "$vocab" --test-set "$out.tmp"
for model in colbertv2-layout pylate-layout; do
    /usr/bin/python3 "$here/reference_colbert.py" "$out.tmp/$model" "$here/reference/token-ids.jsonl" \
        "$out.tmp/$model/reference-colbert.json"
done
echo "$sum" > "$out.tmp/.stamp"
rm -rf "$out"
mv "$out.tmp" "$out"
